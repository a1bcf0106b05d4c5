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
        var (longest, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(new string('n', 80), "fr", AlertMessage), BeneficiaryId, Association, Now);
        var (tooLong, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(new string('n', 81), "fr", AlertMessage), BeneficiaryId, Association, Now);

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
    public void An_alert_message_may_be_320_characters_but_not_321()
    {
        var (longest, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", new string('m', 320)), BeneficiaryId, Association, Now);
        var (tooLong, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", new string('m', 321)), BeneficiaryId, Association, Now);

        Assert.Equal(320, longest!.AlertMessage.Length);
        Assert.Null(tooLong);
        Assert.Equal(["alertMessage"], errors.Keys);
    }

    [Fact]
    public void Spaces_around_the_alert_message_do_not_count_towards_its_length()
    {
        var (enrolled, _) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary("Camille", "fr", $"  {new string('m', 320)}  "),
            BeneficiaryId, Association, Now);

        Assert.Equal(new string('m', 320), enrolled!.AlertMessage);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (enrolled, errors) = EnrolBeneficiarySlice.Decide(new EnrolBeneficiary(null, "de", null), BeneficiaryId, Association, Now);

        Assert.Null(enrolled);
        Assert.Equal(["alertMessage", "displayName", "language"], errors.Keys.Order());
    }
}
