using Platform.ServiceDefaults.Authentication;
using Platform.Contacts.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class GivingConsent(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task Adding_a_contact_asks_them_for_consent_and_lists_them_as_pending()
    {
        var requested = await host.WatchAsync<ContactConsentRequested>();
        var she = await host.EnrolledBeneficiaryAsync();

        var contactId = await ContactsHost.AddContactAsync(she, "06 12 34 56 78");

        var (messageId, request, _) = await requested.FirstAsync(m => m.ContactId == contactId);
        Assert.Equal(request.EventId, messageId);
        Assert.Equal((she.AssociationId, she.BeneficiaryId, "+33612345678", "fr", "Camille", false, false),
            (request.AssociationId, request.BeneficiaryId, request.Phone, request.Language, request.BeneficiaryDisplayName,
                request.NeutralWording, request.IsReconfirmation));
        Assert.Equal("pending", await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task Yes_confirms_the_contact_and_publishes_the_change_and_a_snapshot_saying_confirmed()
    {
        var changed = await host.WatchAsync<ContactConsentChanged>();
        var snapshots = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);

        await host.ReplyAsync(she, contactId, accepted: true);

        var (_, consent, _) = await changed.FirstAsync(m => m.ContactId == contactId);
        Assert.Equal((she.AssociationId, she.BeneficiaryId, ContactConsent.Confirmed), (consent.AssociationId, consent.BeneficiaryId, consent.Consent));
        await snapshots.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId
            && m.Contacts.Any(c => c.ContactId == contactId && c.Consent == ContactConsent.Confirmed));
        Assert.Equal("confirmed", await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task No_declines_the_contact()
    {
        var changed = await host.WatchAsync<ContactConsentChanged>();
        var snapshots = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);

        await host.ReplyAsync(she, contactId, accepted: false);

        var (_, consent, _) = await changed.FirstAsync(m => m.ContactId == contactId);
        Assert.Equal(ContactConsent.Declined, consent.Consent);
        await snapshots.FirstAsync(m => m.Contacts.Any(c => c.ContactId == contactId && c.Consent == ContactConsent.Declined));
        Assert.Equal("declined", await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task A_duplicate_or_a_contrary_late_reply_changes_nothing()
    {
        var changed = await host.WatchAsync<ContactConsentChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await host.ConfirmedContactAsync(she);
        var reply = await host.ReplyAsync(she, contactId, accepted: true);

        await host.PublishAsync(reply, reply.EventId);
        await host.ReplyAsync(she, contactId, accepted: false);
        // A marker after them on the same queue: once it is applied, the replies before it were too.
        var marker = await ContactsHost.AddContactAsync(she, "06 98 76 54 32", "Amie");
        await host.ReplyAsync(she, marker, accepted: true);
        await changed.FirstAsync(m => m.ContactId == marker);

        Assert.Equal("confirmed", await ContactsHost.ConsentOfAsync(she, contactId));
        Assert.Single(changed.All, m => m.Message.ContactId == contactId);
    }

    [Fact]
    public async Task A_reply_for_a_removed_contact_changes_nothing()
    {
        var changed = await host.WatchAsync<ContactConsentChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);
        using var removed = await she.Operator.SendAsync(RemoveContact(she.BeneficiaryId, contactId));

        await host.ReplyAsync(she, contactId, accepted: true);
        var marker = await ContactsHost.AddContactAsync(she, "06 98 76 54 32", "Amie");
        await host.ReplyAsync(she, marker, accepted: true);
        await changed.FirstAsync(m => m.ContactId == marker);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.DoesNotContain(changed.All, m => m.Message.ContactId == contactId);
    }

    [Fact]
    public async Task A_new_number_makes_the_contact_pending_and_asks_the_new_number()
    {
        var requested = await host.WatchAsync<ContactConsentRequested>();
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await host.ConfirmedContactAsync(she);

        using var response = await she.She.SendAsync(host.ConfirmedByHerPin(ChangeContactPhone(she.BeneficiaryId, contactId, "06 98 76 54 32"), she,
            ProtectedAction.ChangingAContactsPhone));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("pending", (await response.ReadJsonAsync())["consent"]!.GetValue<string>());
        var (_, request, _) = await requested.FirstAsync(m => m.ContactId == contactId && m.Phone == "+33698765432");
        Assert.False(request.IsReconfirmation);
        Assert.Equal("pending", await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task She_and_her_operator_see_each_contacts_consent_and_channels()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var confirmed = await host.ConfirmedContactAsync(she);
        var pending = await ContactsHost.AddContactAsync(she, "06 98 76 54 32", "Amie");

        foreach (var reader in new[] { she.She, she.Operator })
        {
            using var read = await reader.SendAsync(Read(she.BeneficiaryId));
            var contacts = (await read.ReadJsonAsync())["contacts"]!.AsArray();
            Assert.Equal(["confirmed", "pending"], contacts.Select(c => c!["consent"]!.GetValue<string>()));
            Assert.Equal([confirmed, pending], contacts.Select(c => c!["id"]!.GetValue<Guid>()));
            Assert.All(contacts, c => Assert.Equal("sms", Assert.Single(c!["channels"]!.AsArray())!.GetValue<string>()));
        }
    }
}
