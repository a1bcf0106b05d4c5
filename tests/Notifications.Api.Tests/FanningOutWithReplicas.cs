using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Api.Telephony;
using Platform.Testing;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

/// <summary>Two replicas competing for the same queues, and every integration event delivered twice: still one SMS each.</summary>
public sealed class FanningOutWithReplicas(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private const int Alerts = 100;
    private const int ContactsEach = 5;

    [Fact]
    public async Task A_hundred_alerts_of_five_contacts_published_twice_give_exactly_five_hundred_sms_spread_over_both_replicas()
    {
        await using var second = new NotificationsReplica(host);
        await second.InitializeAsync();
        var alerts = Enumerable.Range(0, Alerts)
            .Select(_ => (Alert: New(), Contacts: Enumerable.Range(0, ContactsEach).Select(_ => Contact(tier: 1)).ToArray()))
            .ToList();
        foreach (var (alert, contacts) in alerts)
        {
            await host.KnownContactsAsync(alert.Contacts(contacts));
        }

        // The same event (same id) twice, once through each replica's bus, as an outbox replaying a page would.
        await Task.WhenAll(alerts.Select(async a =>
        {
            var triggered = a.Alert.Triggered();
            await host.PublishAsync(triggered, triggered.EventId);
            await second.PublishAsync(triggered, triggered.EventId);
        }));

        var phones = alerts.SelectMany(a => a.Contacts.Select(c => c.Phone)).ToList();
        foreach (var phone in phones)
        {
            await host.WaitForSmsAsync(phone);
        }
        // Every dispatch finished, so any second SMS would already be at the sandbox.
        await Eventually.TrueAsync(async () => (await DispatchesAsync(alerts)).All(d => d.Status == DispatchStatus.Sent),
            "every dispatch to record its outcome");
        var received = 0;
        foreach (var phone in phones)
        {
            received += Assert.Single(await host.SmsToAsync(phone)) is not null ? 1 : 0;
        }
        Assert.Equal(Alerts * ContactsEach, received);
        var senders = (await DispatchesAsync(alerts)).Select(d => d.SentBy).Distinct().ToList();
        Assert.Equal(2, senders.Count);
    }

    private async Task<IReadOnlyList<Dispatch>> DispatchesAsync(
        IEnumerable<(AlertScenario Alert, Platform.Contacts.Contracts.EmergencyContact[] Contacts)> alerts)
    {
        var ids = alerts.SelectMany(a => a.Contacts.Select(c => SmsDispatch.IdFor(a.Alert.AlertId, c.ContactId, 1))).ToArray();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadManyAsync<Dispatch>(ids);
    }
}
