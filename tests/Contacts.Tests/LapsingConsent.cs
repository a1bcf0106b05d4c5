using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.Reconfirming;
using static Platform.Contacts.Tests.BeneficiaryScenarios;
using static Platform.Contacts.Tests.GivingConsent;

namespace Platform.Contacts.Tests;

public sealed class LapsingConsent
{
    private static readonly TimeSpan Period = TimeSpan.FromDays(180);
    private static readonly DateTimeOffset ConfirmedAt = Now.AddDays(-200);

    [Fact]
    public void A_confirmation_lapses_exactly_one_period_after_it_was_given()
    {
        var she = WithContact(ConsentState.Confirmed, ConfirmedAt);

        Assert.Empty(ReconfirmingContacts.Decide(she, ContactId, ConfirmedAt + Period - TimeSpan.FromSeconds(1), Period));
        Assert.Equal([new ContactConsentLapsed(BeneficiaryId, ContactId, ConfirmedAt + Period)],
            ReconfirmingContacts.Decide(she, ContactId, ConfirmedAt + Period, Period));
    }

    [Fact]
    public void A_lapsed_contact_is_no_longer_confirmed_and_is_asked_again()
    {
        var she = WithContact(ConsentState.Confirmed, ConfirmedAt);

        var after = Apply(she, ReconfirmingContacts.Decide(she, ContactId, Now, Period)).FindContact(ContactId)!;

        Assert.Equal((ConsentState.Lapsed, (DateTimeOffset?)Now), (after.Consent, after.ConsentRequestedAt));
    }

    [Theory]
    [InlineData(ConsentState.Pending)]
    [InlineData(ConsentState.Declined)]
    [InlineData(ConsentState.Lapsed)]
    public void Only_a_confirmed_contact_lapses(ConsentState consent)
    {
        Assert.Empty(ReconfirmingContacts.Decide(WithContact(consent, ConfirmedAt), ContactId, Now, Period));
    }

    [Fact]
    public void A_lapse_decided_twice_happens_once()
    {
        var once = Apply(WithContact(ConsentState.Confirmed, ConfirmedAt), ReconfirmingContacts.Decide(WithContact(ConsentState.Confirmed, ConfirmedAt), ContactId, Now, Period));

        Assert.Empty(ReconfirmingContacts.Decide(once, ContactId, Now, Period));
    }

    [Fact]
    public void A_removed_contact_or_a_missing_beneficiary_does_not_lapse()
    {
        Assert.Empty(ReconfirmingContacts.Decide(Enrolled(), ContactId, Now, Period));
        Assert.Empty(ReconfirmingContacts.Decide(null, ContactId, Now, Period));
    }

    [Fact]
    public void A_new_confirmation_restarts_the_period()
    {
        var reconfirmed = WithContact(ConsentState.Confirmed, Now.AddDays(-10));

        Assert.Empty(ReconfirmingContacts.Decide(reconfirmed, ContactId, Now, Period));
    }

    [Fact]
    public void The_period_and_the_check_default_to_180_days_and_one_hour()
    {
        Assert.Equal((TimeSpan.FromDays(180), TimeSpan.FromHours(1)),
            (new ReconfirmationOptions().ReconfirmAfter, new ReconfirmationOptions().ReconfirmCheckEvery));
    }
}
