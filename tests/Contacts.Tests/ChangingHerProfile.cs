using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.ChangingProfile;
using Platform.Contacts.Api.Beneficiaries.WritingAlertMessage;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class ChangingHerProfile
{
    [Fact]
    public void Her_phone_and_neutral_wording_are_recorded()
    {
        var (events, errors) = ChangeProfileSlice.Decide(Enrolled(), new ChangeProfile("06 12 34 56 78", true), Now);

        Assert.Empty(errors);
        Assert.Equal([new ProfileChanged(BeneficiaryId, "+33612345678", true, Now)], events);
        Assert.Equal(("+33612345678", true), (GivingConsent.Apply(Enrolled(), events).Phone, GivingConsent.Apply(Enrolled(), events).NeutralWording));
    }

    [Fact]
    public void An_empty_phone_removes_hers()
    {
        var (events, _) = ChangeProfileSlice.Decide(Enrolled() with { Phone = "+33612345678" }, new ChangeProfile("", null), Now);

        Assert.Equal([new ProfileChanged(BeneficiaryId, null, false, Now)], events);
    }

    [Fact]
    public void The_same_profile_again_changes_nothing()
    {
        var (events, errors) = ChangeProfileSlice.Decide(Enrolled() with { Phone = "+33612345678" }, new ChangeProfile("06 12 34 56 78", false), Now);

        Assert.Empty(events);
        Assert.Empty(errors);
    }

    [Fact]
    public void An_invalid_phone_of_hers_is_refused()
    {
        var (events, errors) = ChangeProfileSlice.Decide(Enrolled(), new ChangeProfile("12", null), Now);

        Assert.Empty(events);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Fact]
    public void Neutral_wording_is_refused_while_her_message_mentions_danger()
    {
        var (events, errors) = ChangeProfileSlice.Decide(Enrolled() with { AlertMessage = "Je suis en danger." }, new ChangeProfile(null, true), Now);

        Assert.Empty(events);
        Assert.Equal(["neutralWording"], errors.Keys);
    }

    [Fact]
    public void With_neutral_wording_she_cannot_write_an_alarming_message()
    {
        var (events, errors) = WriteAlertMessageSlice.Decide(Enrolled() with { NeutralWording = true }, new WriteAlertMessage("Violence, viens."), Now);

        Assert.Empty(events);
        Assert.Equal(["alertMessage"], errors.Keys);
    }

    [Fact]
    public void A_rewritten_message_too_long_for_two_sms_is_refused_with_how_much_is_over()
    {
        var (events, errors) = WriteAlertMessageSlice.Decide(Enrolled(), new WriteAlertMessage(new string('m', 95)), Now);

        Assert.Empty(events);
        Assert.StartsWith("9 characters too long", errors["alertMessage"][0], StringComparison.Ordinal);
    }
}
