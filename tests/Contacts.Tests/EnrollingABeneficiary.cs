using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.Enrolling;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class EnrollingABeneficiary
{
    [Fact]
    public void A_valid_enrolment_is_recorded_with_trimmed_text_at_the_given_time()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("  Camille ", "en", $" {AlertMessage} "),
            BeneficiaryId, Association, Now);

        Assert.Empty(errors);
        Assert.Equal(new BeneficiaryEnrolled(BeneficiaryId, Association, "Camille", "en", AlertMessage, Now), enrolled);
    }

    [Fact]
    public void Without_a_language_she_is_enrolled_in_french()
    {
        var (enrolled, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", null, AlertMessage), BeneficiaryId, Association, Now);

        Assert.Equal("fr", enrolled!.Language);
    }

    [Fact]
    public void The_language_is_read_case_insensitively()
    {
        var (enrolled, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "EN", AlertMessage), BeneficiaryId, Association, Now);

        Assert.Equal("en", enrolled!.Language);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("french")]
    public void A_language_other_than_french_or_english_is_refused(string language)
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", language, AlertMessage),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["language"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_display_name_is_required(string? displayName)
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(displayName, "fr", AlertMessage),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["displayName"], errors.Keys);
    }

    [Fact]
    public void A_display_name_may_be_80_characters_but_not_81()
    {
        // The name shares the two SMS with her message: with the longest name a short message still fits.
        var (longest, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(new string('n', 80), "fr", "Viens vite."), BeneficiaryId, Association, Now);
        var (tooLong, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(new string('n', 81), "fr", "Viens vite."), BeneficiaryId, Association, Now);

        Assert.NotNull(longest);
        Assert.Null(tooLong);
        Assert.Equal(["displayName"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_alert_message_is_required(string? alertMessage)
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", alertMessage),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["alertMessage"], errors.Keys);
    }

    [Fact]
    public void An_alert_message_may_fill_two_sms_with_the_platform_line_but_not_one_character_more()
    {
        // "Camille a besoin d'aide. Position (précision 100000 m) : " + an 89-character link at its longest is 146 GSM-7
        // characters, "En direct : " + her alert page's link (60 at most) 72; with the two line breaks, two concatenated
        // SMS (2 x 153) leave 86 for her message.
        var (longest, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", new string('m', 86)), BeneficiaryId, Association, Now);
        var (tooLong, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", new string('m', 87)), BeneficiaryId, Association, Now);

        Assert.Equal(86, longest!.AlertMessage.Length);
        Assert.Null(tooLong);
        Assert.Equal(["alertMessage"], errors.Keys);
        Assert.StartsWith("1 characters too long", errors["alertMessage"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Spaces_around_the_alert_message_do_not_count_towards_its_length()
    {
        var (enrolled, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", $"  {new string('m', 86)}  "),
            BeneficiaryId, Association, Now);

        Assert.Equal(new string('m', 86), enrolled!.AlertMessage);
    }

    [Fact]
    public void A_longer_name_leaves_less_room_for_the_message()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille Dubois-Martin", "fr", new string('m', 86)),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.StartsWith("14 characters too long", errors["alertMessage"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Françoise", "Viens vite, ça ne va pas. Je suis à la fenêtre, appelle ma sœur.")]
    [InlineData("Anaïs", "J’ai besoin d’aide, appelle la police.")]
    [InlineData("Maëlle", "Viens dîner ce soir « comme prévu »…")]
    public void French_letters_outside_the_sms_alphabet_are_counted_as_they_are_sent(string displayName, string alertMessage)
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(displayName, "fr", alertMessage),
            BeneficiaryId, Association, Now);

        Assert.Empty(errors);
        Assert.Equal((displayName, alertMessage), (enrolled!.DisplayName, enrolled.AlertMessage));
    }

    [Fact]
    public void Her_message_is_counted_after_transliteration()
    {
        // Each "œ" is sent as "oe": 44 of them take 88 characters, two more than the 86 left for "Camille".
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", new string('œ', 44)),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.StartsWith("2 characters too long", errors["alertMessage"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_character_outside_the_sms_alphabet_is_named_in_the_refusal()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", "Viens vite, ça ne va pas 😢"),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Contains(": 😢.", errors["alertMessage"][0], StringComparison.Ordinal);
        Assert.Contains("Written without them", errors["alertMessage"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Her_own_phone_is_optional_and_stored_in_E164()
    {
        var (without, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", AlertMessage), BeneficiaryId, Association, Now);
        var (with, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", AlertMessage, "06 12 34 56 78"),
            BeneficiaryId, Association, Now);

        Assert.Null(without!.Phone);
        Assert.Equal("+33612345678", with!.Phone);
    }

    [Fact]
    public void An_invalid_phone_of_hers_is_refused()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", AlertMessage, "12"),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Theory]
    [InlineData("Il y a de la violence, viens.")]
    [InlineData("Je suis en DANGER.")]
    [InlineData("Il est très dangereux.")]
    [InlineData("Il est violent.")]
    public void With_neutral_wording_a_message_mentioning_violence_or_danger_is_refused(string alertMessage)
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", alertMessage, NeutralWording: true),
            BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["alertMessage"], errors.Keys);
    }

    [Fact]
    public void Without_neutral_wording_the_same_message_is_accepted()
    {
        var (enrolled, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", "Je suis en danger."),
            BeneficiaryId, Association, Now);

        Assert.False(enrolled!.NeutralWording);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(null, "de", null), BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["alertMessage", "displayName", "language"], errors.Keys.Order());
    }
}
