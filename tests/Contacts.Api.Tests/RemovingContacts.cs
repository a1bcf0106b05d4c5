using Platform.ServiceDefaults.Authentication;
using Platform.Contacts.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Contacts.Api.Tests.BeneficiaryRequests;

namespace Platform.Contacts.Api.Tests;

public sealed class RemovingContacts(ContactsHost host) : IClassFixture<ContactsHost>
{
    [Fact]
    public async Task Her_operator_removes_a_contact_and_a_newer_snapshot_no_longer_lists_them()
    {
        var snapshots = await host.WatchAsync<ContactsChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var leaving = await host.ConfirmedContactAsync(she);
        var staying = await ContactsHost.AddContactAsync(she, "06 98 76 54 32", "Amie");
        var (_, before, _) = await snapshots.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.Contacts.Count == 2);

        using var response = await she.Operator.SendAsync(RemoveContact(she.BeneficiaryId, leaving));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var (_, after, _) = await snapshots.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.Version > before.Version
            && m.Contacts.All(c => c.ContactId != leaving));
        Assert.Equal([staying], after.Contacts.Select(c => c.ContactId));
        using var read = await she.Operator.SendAsync(Read(she.BeneficiaryId));
        Assert.Equal([staying], (await read.ReadJsonAsync())["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Removing_a_contact_from_her_app_is_told_to_her_association_and_shown_to_her_operators_only()
    {
        var told = await host.WatchAsync<HerProtectionChanged>();
        var she = await host.EnrolledBeneficiaryAsync();
        var byHerApp = await ContactsHost.AddContactAsync(she, "06 98 76 54 32", "Amie");
        var byHerOperator = await ContactsHost.AddContactAsync(she, "06 11 22 33 44", "Soeur");

        using var fromHerApp = await she.She.SendAsync(host.ConfirmedByHerPin(RemoveContact(she.BeneficiaryId, byHerApp), she,
            ProtectedAction.RemovingAContact));
        using var fromHerOperator = await she.Operator.SendAsync(RemoveContact(she.BeneficiaryId, byHerOperator));
        using var herNumber = await she.She.SendAsync(host.ConfirmedByHerPin(ChangeProfile(she.BeneficiaryId, "06 55 44 33 22", null), she,
            ProtectedAction.ChangingHerPhone));

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.OK),
            (fromHerApp.StatusCode, fromHerOperator.StatusCode, herNumber.StatusCode));
        var removed = (await told.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.Change == ProtectionChange.ContactRemoved)).Message;
        Assert.Equal((she.AssociationId, byHerApp), (removed.AssociationId, removed.ContactId));
        await told.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId && m.Change == ProtectionChange.HerPhoneChanged);
        // Her operator's own removal is the association's doing: nothing to tell it.
        Assert.DoesNotContain(told.All, m => m.Message.ContactId == byHerOperator);
        using var byOperator = await she.Operator.SendAsync(Read(she.BeneficiaryId));
        var changes = (await byOperator.ReadJsonAsync())["changesFromHerApp"]!.AsArray();
        Assert.Equal(["herPhoneChanged", "contactRemoved"], changes.Select(change => change!["change"]!.GetValue<string>()));
        // Whoever holds her phone reads no trace of it.
        using var byHer = await she.She.SendAsync(Read(she.BeneficiaryId));
        Assert.False((await byHer.ReadJsonAsync()).ContainsKey("changesFromHerApp"));
    }

    [Fact]
    public async Task She_removes_a_contact_herself()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);

        using var response = await she.She.SendAsync(host.ConfirmedByHerPin(RemoveContact(she.BeneficiaryId, contactId), she,
            ProtectedAction.RemovingAContact));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await ContactsHost.ConsentOfAsync(she, contactId));
    }

    [Fact]
    public async Task Removing_an_unknown_contact_is_not_found()
    {
        var she = await host.EnrolledBeneficiaryAsync();

        using var response = await she.Operator.SendAsync(RemoveContact(she.BeneficiaryId, Guid.NewGuid()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task An_operator_of_another_association_cannot_remove_her_contact()
    {
        var she = await host.EnrolledBeneficiaryAsync();
        var contactId = await ContactsHost.AddContactAsync(she);
        using var stranger = host.OperatorOf(Guid.CreateVersion7());

        using var response = await stranger.SendAsync(RemoveContact(she.BeneficiaryId, contactId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
        Assert.Equal("pending", await ContactsHost.ConsentOfAsync(she, contactId));
    }
}
