using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.ChangingContactPhones;
using Platform.ServiceDefaults;
using static Platform.Contacts.Tests.BeneficiaryScenarios;
using static Platform.Contacts.Tests.GivingConsent;

namespace Platform.Contacts.Tests;

public sealed class ChangingAContactPhone
{
    [Fact]
    public void A_new_number_makes_a_confirmed_contact_pending_again()
    {
        var she = WithContact(ConsentState.Confirmed);

        var (events, errors) = ChangeContactPhoneSlice.Decide(she, ContactId, new ChangeContactPhone("06 98 76 54 32"), Now);

        Assert.Empty(errors);
        Assert.Equal([new ContactPhoneChanged(BeneficiaryId, ContactId, "+33698765432", Now)], events);
        var contact = Apply(she, events).FindContact(ContactId)!;
        Assert.Equal(("+33698765432", ConsentState.Pending, (DateTimeOffset?)Now, (DateTimeOffset?)null),
            (contact.Phone, contact.Consent, contact.ConsentRequestedAt, contact.ConfirmedAt));
    }

    [Fact]
    public void The_same_number_written_differently_changes_nothing()
    {
        var (events, errors) = ChangeContactPhoneSlice.Decide(WithContact(ConsentState.Confirmed), ContactId, new ChangeContactPhone("+33 6 12 34 56 78"), Now);

        Assert.Empty(events);
        Assert.Empty(errors);
    }

    [Fact]
    public void An_invalid_number_is_refused()
    {
        var (events, errors) = ChangeContactPhoneSlice.Decide(WithContact(ConsentState.Confirmed), ContactId, new ChangeContactPhone("12"), Now);

        Assert.Empty(events);
        Assert.Equal(["phone"], errors.Keys);
    }

    [Fact]
    public void Another_contacts_number_is_a_conflict()
    {
        var she = WithContacts(2);

        var refusal = Assert.Throws<ProblemException>(() =>
            ChangeContactPhoneSlice.Decide(she, she.Contacts[0].Id, new ChangeContactPhone(she.Contacts[1].Phone), Now));

        Assert.Equal(409, refusal.Status);
    }

    [Fact]
    public void An_unknown_contact_is_not_found()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            ChangeContactPhoneSlice.Decide(Enrolled(), ContactId, new ChangeContactPhone("06 98 76 54 32"), Now));

        Assert.Equal(404, refusal.Status);
    }
}
