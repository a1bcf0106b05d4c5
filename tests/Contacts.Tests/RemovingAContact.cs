using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Beneficiaries.RemovingContacts;
using Platform.ServiceDefaults;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class RemovingAContact
{
    [Fact]
    public void A_listed_contact_is_removed_at_once_and_the_others_stay()
    {
        var she = WithContacts(3);
        var leaving = she.Contacts[1];

        var events = RemoveContactSlice.Decide(she, leaving.Id, Now);

        Assert.Equal([new EmergencyContactRemoved(BeneficiaryId, leaving.Id, Now)], events);
        var after = GivingConsent.Apply(she, events);
        Assert.Equal([she.Contacts[0], she.Contacts[2]], after.Contacts);
    }

    [Fact]
    public void An_unknown_contact_is_not_found()
    {
        var refusal = Assert.Throws<ProblemException>(() => RemoveContactSlice.Decide(WithContacts(1), Guid.NewGuid(), Now));

        Assert.Equal(404, refusal.Status);
    }

    [Fact]
    public void A_removed_contact_frees_a_place_and_their_number()
    {
        var she = WithContacts(Beneficiary.MaxPersonalContacts);

        var after = GivingConsent.Apply(she, RemoveContactSlice.Decide(she, she.Contacts[0].Id, Now));

        Assert.Equal(Beneficiary.MaxPersonalContacts - 1, after.Contacts.Count);
        Assert.DoesNotContain(after.Contacts, c => c.Phone == she.Contacts[0].Phone);
    }
}
