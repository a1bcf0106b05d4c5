using JasperFx.Events;
using Platform.Contacts.Api;
using Platform.Contacts.Api.Beneficiaries;
using static Platform.Contacts.Tests.BeneficiaryScenarios;
using static Platform.Contacts.Tests.GivingConsent;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Tests;

public sealed class PublishingConsentMessages
{
    [Fact]
    public void An_added_contact_is_asked_for_consent_after_the_snapshot_that_lists_them_as_pending()
    {
        var she = Enrolled() with { NeutralWording = true, Phone = "+33611111111" };
        var added = new EmergencyContactAdded(BeneficiaryId, ContactId, "Sœur", "+33612345678", 1, "en", Now);

        var messages = Map(she, added, version: 2);

        Assert.Equal([typeof(Contract.ContactsChanged), typeof(Contract.ContactConsentRequested)], messages.Select(m => m.Message.GetType()));
        var snapshot = (Contract.ContactsChanged)messages[0].Message;
        Assert.Equal(Contract.ContactConsent.Pending, Assert.Single(snapshot.Contacts).Consent);
        Assert.Equal(("+33611111111", true), (snapshot.BeneficiaryPhone, snapshot.NeutralWording));
        var request = (Contract.ContactConsentRequested)messages[1].Message;
        Assert.Equal(new Contract.ContactConsentRequested(messages[1].MessageId, Now, Association, BeneficiaryId, ContactId, "+33612345678", "en",
            "Camille", NeutralWording: true, IsReconfirmation: false), request);
    }

    [Fact]
    public void A_confirmation_publishes_the_new_consent_and_a_snapshot_saying_confirmed()
    {
        var messages = Map(WithContact(ConsentState.Pending), new ContactConsentReplied(BeneficiaryId, ContactId, true, Now), version: 3);

        var snapshot = Assert.IsType<Contract.ContactsChanged>(messages[0].Message);
        Assert.Equal(Contract.ContactConsent.Confirmed, Assert.Single(snapshot.Contacts).Consent);
        Assert.Equal(3, snapshot.Version);
        var changed = Assert.IsType<Contract.ContactConsentChanged>(Assert.Single(messages.Skip(1)).Message);
        Assert.Equal((ContactId, Contract.ContactConsent.Confirmed), (changed.ContactId, changed.Consent));
    }

    [Fact]
    public void A_refusal_publishes_declined()
    {
        var messages = Map(WithContact(ConsentState.Pending), new ContactConsentReplied(BeneficiaryId, ContactId, false, Now), version: 3);

        Assert.Equal(Contract.ContactConsent.Declined, Assert.IsType<Contract.ContactConsentChanged>(messages[1].Message).Consent);
    }

    [Fact]
    public void A_lapse_publishes_lapsed_and_asks_again_as_a_reconfirmation()
    {
        var messages = Map(WithContact(ConsentState.Confirmed), new ContactConsentLapsed(BeneficiaryId, ContactId, Now), version: 4);

        Assert.Equal([typeof(Contract.ContactsChanged), typeof(Contract.ContactConsentChanged), typeof(Contract.ContactConsentRequested)],
            messages.Select(m => m.Message.GetType()));
        Assert.Equal(Contract.ContactConsent.Lapsed, ((Contract.ContactConsentChanged)messages[1].Message).Consent);
        Assert.True(((Contract.ContactConsentRequested)messages[2].Message).IsReconfirmation);
    }

    [Fact]
    public void A_new_number_is_pending_again_and_asked_at_that_number()
    {
        var messages = Map(WithContact(ConsentState.Confirmed), new ContactPhoneChanged(BeneficiaryId, ContactId, "+33698765432", Now), version: 4);

        Assert.Equal(Contract.ContactConsent.Pending, ((Contract.ContactConsentChanged)messages[1].Message).Consent);
        var request = (Contract.ContactConsentRequested)messages[2].Message;
        Assert.Equal(("+33698765432", false), (request.Phone, request.IsReconfirmation));
    }

    [Fact]
    public void A_removal_publishes_a_snapshot_without_the_contact_and_nothing_else()
    {
        var messages = Map(WithContact(ConsentState.Confirmed), new EmergencyContactRemoved(BeneficiaryId, ContactId, Now), version: 4);

        var snapshot = Assert.IsType<Contract.ContactsChanged>(Assert.Single(messages).Message);
        Assert.Empty(snapshot.Contacts);
    }

    [Fact]
    public void Every_message_has_its_own_id_derived_from_the_event_so_a_replay_publishes_the_same_ids()
    {
        var lapsed = new ContactConsentLapsed(BeneficiaryId, ContactId, Now);
        var committed = Committed(lapsed, 4);

        var first = ContactsOutbox.Map(committed, GivingConsent.Apply(WithContact(ConsentState.Confirmed), [lapsed]));
        var again = ContactsOutbox.Map(committed, GivingConsent.Apply(WithContact(ConsentState.Confirmed), [lapsed]));

        Assert.Equal(first.Select(m => m.MessageId), again.Select(m => m.MessageId));
        Assert.Equal(3, first.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public void The_snapshot_carries_each_contacts_channels()
    {
        var she = Enrolled() with
        {
            Contacts = [new Contact(ContactId, "Sœur", "+33612345678", 1, "fr", AlertChannels.Sms | AlertChannels.Voice, ConsentState.Confirmed)],
        };

        var snapshot = (Contract.ContactsChanged)ContactsOutbox.Map(Committed(new AlertMessageWritten(BeneficiaryId, "Viens.", Now), 5), she)[0].Message;

        Assert.Equal([Contract.ContactChannel.Sms, Contract.ContactChannel.Voice], snapshot.Contacts[0].Channels!);
    }

    private static IReadOnlyList<Platform.ServiceDefaults.EventStore.OutgoingMessage> Map<T>(Beneficiary before, T @event, long version)
        where T : notnull =>
        ContactsOutbox.Map(Committed(@event, version), GivingConsent.Apply(before, [@event]));

    private static Event<T> Committed<T>(T data, long version)
        where T : notnull =>
        new(data) { Id = Guid.NewGuid(), Version = version, StreamId = BeneficiaryId, Timestamp = Now };
}
