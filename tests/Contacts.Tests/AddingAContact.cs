using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.AddingContacts;
using Platform.ServiceDefaults;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class AddingAContact
{
    [Fact]
    public void A_contact_written_in_french_national_form_is_added_in_E164()
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact(" Sœur ", "06 12 34 56 78", 2, "en"), ContactId, Now);

        Assert.Empty(errors);
        Assert.Equal(new EmergencyContactAdded(BeneficiaryId, ContactId, "Sœur", "+33612345678", 2, "en", Now), added);
    }

    [Fact]
    public void Without_a_tier_the_contact_is_reached_first()
    {
        var (added, _) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", null, null), ContactId, Now);

        Assert.Equal(1, added!.Tier);
    }

    [Fact]
    public void Without_a_language_the_contact_is_written_to_in_hers()
    {
        var (added, _) = AddContactSlice.Decide(Enrolled(language: "en"), new AddContact("Sister", "06 12 34 56 78", 1, null), ContactId, Now);

        Assert.Equal("en", added!.Language);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tiers_1_to_3_are_accepted(int tier)
    {
        var (added, _) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", tier, "fr"), ContactId, Now);

        Assert.Equal(tier, added!.Tier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public void Any_other_tier_is_refused(int tier)
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", tier, "fr"), ContactId, Now);

        Assert.Null(added);
        Assert.Equal(["tier"], errors.Keys);
    }

    [Fact]
    public void An_invalid_phone_number_is_refused()
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "12", 1, "fr"), ContactId, Now);

        Assert.Null(added);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Fact]
    public void A_name_is_required()
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact(" ", "06 12 34 56 78", 1, "fr"), ContactId, Now);

        Assert.Null(added);
        Assert.Equal(["name"], errors.Keys);
    }

    [Fact]
    public void A_language_other_than_french_or_english_is_refused()
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", 1, "es"), ContactId, Now);

        Assert.Null(added);
        Assert.Equal(["language"], errors.Keys);
    }

    [Fact]
    public void A_tenth_contact_is_accepted()
    {
        var (added, _) = AddContactSlice.Decide(WithContacts(9), new AddContact("Dixième", "06 11 22 33 44", 1, "fr"), ContactId, Now);

        Assert.NotNull(added);
    }

    [Fact]
    public void An_eleventh_contact_is_a_conflict()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            AddContactSlice.Decide(WithContacts(Beneficiary.MaxPersonalContacts), new AddContact("Onzième", "06 11 22 33 55", 1, "fr"), ContactId, Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(AddContactSlice.TooManyContactsProblem, refusal.Type);
    }

    [Fact]
    public void A_phone_already_listed_is_a_conflict_however_it_is_written()
    {
        var she = Enrolled() with { Contacts = [new Contact(Guid.NewGuid(), "Mère", "+33612345678", 1, "fr")] };

        var refusal = Assert.Throws<ProblemException>(() =>
            AddContactSlice.Decide(she, new AddContact("Maman", "06 12 34 56 78", 2, "fr"), ContactId, Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(AddContactSlice.DuplicatePhoneProblem, refusal.Type);
    }

    [Fact]
    public void Without_channels_the_contact_is_reached_by_sms()
    {
        var (added, _) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", 1, "fr"), ContactId, Now);

        Assert.Equal(AlertChannels.Sms, added!.Channels);
    }

    [Fact]
    public void A_contact_may_want_sms_and_voice()
    {
        var (added, _) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", 1, "fr", ["SMS", "voice"]), ContactId, Now);

        Assert.Equal(AlertChannels.Sms | AlertChannels.Voice, added!.Channels);
        Assert.Equal(["sms", "voice"], ContactChannels.Names(added.Channels));
    }

    [Fact]
    public void An_unknown_channel_is_refused()
    {
        var (added, errors) = AddContactSlice.Decide(Enrolled(), new AddContact("Sœur", "06 12 34 56 78", 1, "fr", ["fax"]), ContactId, Now);

        Assert.Null(added);
        Assert.Equal(["channels"], errors.Keys);
    }
}
