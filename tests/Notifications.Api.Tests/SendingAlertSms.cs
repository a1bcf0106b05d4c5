using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Globalization;

namespace Platform.Notifications.Api.Tests;

public sealed class SendingAlertSms(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private const string HerMessage = "Je suis en danger, venez vite.";

    [Fact]
    public async Task Each_tier_one_contact_gets_one_sms_with_her_message_and_position_and_the_outcome_is_published()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var sister = Contact(tier: 1);
        var friend = Contact(tier: 1, language: "en");
        var colleague = Contact(tier: 2);
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 3, sister, friend, colleague));
        var dispatched = await host.WatchAsync<NotificationDispatched>();
        var alert = Alert(association, beneficiary);

        await host.PublishAsync(alert, alert.EventId);

        var toSister = await host.WaitForSmsAsync(sister.Phone, 1);
        var toFriend = await host.WaitForSmsAsync(friend.Phone, 1);
        Assert.StartsWith(HerMessage, toSister[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("a besoin d'aide", toSister[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("needs help", toFriend[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("mlat=48.85661&mlon=2.35222", toFriend[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var (messageId, outcome, _) = await dispatched.FirstAsync(d => d.AlertId == alert.AlertId && d.ContactId == sister.ContactId);
        Assert.Equal(outcome.EventId, messageId);
        Assert.Equal(toSister[0]["sid"]!.GetValue<string>(), outcome.ProviderMessageId);
        Assert.Equal(NotificationChannel.Sms, outcome.Channel);
        Assert.Empty(await host.SmsToAsync(colleague.Phone));
    }

    [Fact]
    public async Task An_alert_delivered_twice_still_reaches_each_contact_once()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var sister = Contact(tier: 1);
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 2, sister));
        var alert = Alert(association, beneficiary);

        await host.PublishAsync(alert, alert.EventId);
        await host.PublishAsync(alert, alert.EventId);
        await host.PublishAsync(alert, Guid.CreateVersion7());
        await host.WaitForSmsAsync(sister.Phone, 1);
        // A later alert queues behind the repeats: once its SMS is there, the repeats have been handled.
        var next = Alert(association, beneficiary);
        await host.PublishAsync(next, next.EventId);
        await host.WaitForSmsAsync(sister.Phone, 2);

        Assert.Equal(2, (await host.SmsToAsync(sister.Phone)).Count);
    }

    [Fact]
    public async Task An_older_snapshot_arriving_late_does_not_replace_a_newer_one()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var removedLater = Contact(tier: 1);
        var current = Contact(tier: 1);
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 5, current));

        await host.PublishAsync(Snapshot(association, beneficiary, 4, removedLater, current));
        var alert = Alert(association, beneficiary);
        await host.PublishAsync(alert, alert.EventId);
        await host.WaitForSmsAsync(current.Phone, 1);

        Assert.Empty(await host.SmsToAsync(removedLater.Phone));
    }

    [Fact]
    public async Task A_number_twilio_refuses_is_reported_as_a_failed_notification()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var unreachable = Contact(tier: 1) with { Phone = "+12" };
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 1, unreachable));
        var failed = await host.WatchAsync<NotificationFailed>();
        var alert = Alert(association, beneficiary);

        await host.PublishAsync(alert, alert.EventId);

        var (_, outcome, _) = await failed.FirstAsync(f => f.AlertId == alert.AlertId);
        Assert.Equal(unreachable.ContactId, outcome.ContactId);
        Assert.Equal("twilio-21211", outcome.Reason);
    }

    private static ContactsChanged Snapshot(Guid association, Guid beneficiary, long version, params EmergencyContact[] contacts) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, beneficiary, version, "Camille", "fr", HerMessage, contacts);

    private static AlertTriggered Alert(Guid association, Guid beneficiary) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary, Guid.CreateVersion7(),
            PressPattern.DoubleClick, new AlertLocation(48.856614, 2.3522219, 20, DateTimeOffset.UtcNow));

    [Fact]
    public async Task A_contact_who_has_not_accepted_or_declined_receives_no_alert()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var confirmed = Contact(tier: 1);
        var pending = Contact(tier: 1) with { Consent = ContactConsent.Pending };
        var declined = Contact(tier: 1) with { Consent = ContactConsent.Declined };
        var lapsed = Contact(tier: 1) with { Consent = ContactConsent.Lapsed };
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 1, confirmed, pending, declined, lapsed));
        var alert = Alert(association, beneficiary);

        await host.PublishAsync(alert, alert.EventId);
        await host.WaitForSmsAsync(confirmed.Phone, 1);
        var next = Alert(association, beneficiary);
        await host.PublishAsync(next, next.EventId);
        await host.WaitForSmsAsync(confirmed.Phone, 2);

        Assert.Empty(await host.SmsToAsync(pending.Phone));
        Assert.Empty(await host.SmsToAsync(declined.Phone));
        Assert.Empty(await host.SmsToAsync(lapsed.Phone));
    }

    [Fact]
    public async Task A_contact_removed_before_the_sms_leaves_receives_nothing()
    {
        var (association, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var kept = Contact(tier: 1);
        var removed = Contact(tier: 1);
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 1, kept, removed));
        var alert = Alert(association, beneficiary);
        await host.KnownContactsAsync(Snapshot(association, beneficiary, 2, kept));

        // The dispatch command for the removed contact is as if planned before the removal.
        await host.PublishAsync(new Sms.DispatchSms(alert.AlertId, association, beneficiary, removed.ContactId, 1, alert.Location));
        await host.PublishAsync(new Sms.DispatchSms(alert.AlertId, association, beneficiary, kept.ContactId, 1, alert.Location));
        await host.WaitForSmsAsync(kept.Phone, 1);
        var next = Alert(association, beneficiary);
        await host.PublishAsync(next, next.EventId);
        await host.WaitForSmsAsync(kept.Phone, 2);

        Assert.Empty(await host.SmsToAsync(removed.Phone));
    }

    private static EmergencyContact Contact(int tier, string language = "fr") =>
        new(Guid.CreateVersion7(), "Contact", $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}",
            tier, language, ContactConsent.Confirmed);
}
