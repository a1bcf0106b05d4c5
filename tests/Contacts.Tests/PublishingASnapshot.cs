using JasperFx.Events;
using Platform.Contacts.Api;
using Platform.Contacts.Api.Beneficiaries;
using static Platform.Contacts.Tests.BeneficiaryScenarios;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Tests;

public sealed class PublishingASnapshot
{
    [Fact]
    public void The_snapshot_carries_her_whole_state_at_the_version_of_the_event()
    {
        var she = Enrolled() with { Contacts = [new Contact(ContactId, "Sœur", "+33612345678", 2, "en")] };
        var committed = new Event<EmergencyContactAdded>(new EmergencyContactAdded(BeneficiaryId, ContactId, "Sœur", "+33612345678", 2, "en", Now))
        {
            Id = Guid.NewGuid(),
            Version = 2,
            StreamId = BeneficiaryId,
            Timestamp = Now,
        };
        var eventId = Guid.NewGuid();

        var snapshot = ContactsOutbox.Snapshot(eventId, committed, she);

        Assert.Equal(eventId, snapshot.EventId);
        Assert.Equal(Now, snapshot.OccurredAt);
        Assert.Equal(Association, snapshot.AssociationId);
        Assert.Equal(BeneficiaryId, snapshot.BeneficiaryId);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(("Camille", "fr", AlertMessage), (snapshot.DisplayName, snapshot.Language, snapshot.AlertMessage));
        var contact = Assert.Single(snapshot.Contacts);
        Assert.Equal(new Contract.EmergencyContact(ContactId, "Sœur", "+33612345678", 2, "en", Contract.ContactConsent.Pending, contact.Channels),
            contact);
        Assert.Equal([Contract.ContactChannel.Sms], contact.Channels!);
        Assert.Equal((null, false), (snapshot.BeneficiaryPhone, snapshot.NeutralWording));
    }
}
