using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

public sealed class AcknowledgingAnAlert(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task Pressing_1_on_the_call_acknowledges_for_that_contact_and_a_repeated_callback_is_the_same_event()
    {
        var her = New();
        var sister = Contact(1, name: "Sophie");
        await host.KnownContactsAsync(her.Contacts(sister));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        var step2 = her.Escalated(2, reach: FirstTierByVoice);
        await host.PublishAsync(step2, step2.EventId);
        var call = (await host.WaitForCallsAsync(sister.Phone))[0];

        Assert.Equal(200, await host.PlayCallAsync(call, "in-progress", digits: "1"));
        Assert.Equal(200, await host.PlayCallAsync(call, "completed", digits: "1"));

        var (messageId, acknowledgement, _) = await acknowledged.FirstAsync(a => a.AlertId == her.AlertId);
        Assert.Equal((sister.ContactId, "Sophie", ResponderKind.Contact, NotificationChannel.Voice, her.Association),
            (acknowledgement.ResponderId, acknowledgement.ResponderName, acknowledgement.ResponderKind, acknowledgement.Channel,
                acknowledgement.AssociationId));
        Assert.Equal(acknowledgement.EventId, messageId);
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.All.Count(a => a.Message.AlertId == her.AlertId) == 2), "both callbacks");
        Assert.Single(acknowledged.All.Where(a => a.Message.AlertId == her.AlertId).Select(a => a.Message.EventId).Distinct());
    }

    [Fact]
    public async Task A_call_that_ends_without_a_key_press_is_not_an_acknowledgement()
    {
        var her = New();
        var (voicemail, busy, answering) = (Contact(1), Contact(1), Contact(1));
        await host.KnownContactsAsync(her.Contacts(voicemail, busy, answering));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        var step2 = her.Escalated(2, reach: FirstTierByVoice);
        await host.PublishAsync(step2, step2.EventId);

        Assert.Equal(200, await host.PlayCallAsync((await host.WaitForCallsAsync(voicemail.Phone))[0], "completed"));
        Assert.Equal(200, await host.PlayCallAsync((await host.WaitForCallsAsync(busy.Phone))[0], "busy"));
        Assert.Equal(200, await host.PlayCallAsync((await host.WaitForCallsAsync(answering.Phone))[0], "completed", digits: "1"));

        // Published after the other two callbacks were answered: once it is here, theirs would be too.
        await acknowledged.FirstAsync(a => a.ResponderId == answering.ContactId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.ResponderId == voicemail.ContactId || a.Message.ResponderId == busy.ContactId);
    }

    [Fact]
    public async Task A_contact_replying_ok_by_sms_during_the_alert_acknowledges_it()
    {
        var her = New();
        var sister = Contact(1, name: "Sophie");
        await host.KnownContactsAsync(her.Contacts(sister));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        var alert = her.Triggered();
        await host.PublishAsync(alert, alert.EventId);
        await host.WaitForSmsAsync(sister.Phone);

        using var response = await host.PostInboundSmsAsync(sister.Phone, " Ok ! ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (_, acknowledgement, _) = await acknowledged.FirstAsync(a => a.AlertId == her.AlertId);
        Assert.Equal((sister.ContactId, "Sophie", NotificationChannel.Sms), (acknowledgement.ResponderId, acknowledgement.ResponderName,
            acknowledgement.Channel));
    }

    [Fact]
    public async Task A_spoofed_ok_from_a_number_nobody_reached_acknowledges_nothing()
    {
        var (her, control) = (New(), New());
        var (sister, brother) = (Contact(1, name: "Sophie"), Contact(1));
        await host.KnownContactsAsync(her.Contacts(sister));
        await host.KnownContactsAsync(control.Contacts(brother));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        await TriggerAsync(her, sister);
        await TriggerAsync(control, brother);

        using var spoofed = await host.PostInboundSmsAsync("+33612000999", "OK");
        (await host.PostInboundSmsAsync(brother.Phone, "OK")).Dispose();

        // Twilio is answered as usual (nothing tells the sender), and no acknowledgement comes of it.
        Assert.Equal(HttpStatusCode.OK, spoofed.StatusCode);
        await acknowledged.FirstAsync(a => a.AlertId == control.AlertId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.AlertId == her.AlertId);
    }

    [Fact]
    public async Task After_the_alert_is_resolved_the_same_reply_is_not_an_acknowledgement()
    {
        var (resolved, ongoing) = (New(), New());
        var (sister, brother) = (Contact(1), Contact(1));
        await host.KnownContactsAsync(resolved.Contacts(sister));
        await host.KnownContactsAsync(ongoing.Contacts(brother));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        await TriggerAsync(resolved, sister);
        await TriggerAsync(ongoing, brother);
        await host.PublishAsync(new AlertResolved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, resolved.Association, resolved.AlertId,
            Guid.CreateVersion7(), AlertOutcome.Safe));
        await ClosedAsync(resolved.AlertId);

        (await host.PostInboundSmsAsync(sister.Phone, "OK")).Dispose();
        (await host.PostInboundSmsAsync(brother.Phone, "OK")).Dispose();

        // The webhook answers after publishing: once the second reply's acknowledgement is here, the first's would be too.
        await acknowledged.FirstAsync(a => a.AlertId == ongoing.AlertId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.AlertId == resolved.AlertId);
    }

    [Fact]
    public async Task An_ok_from_someone_reached_for_two_active_alerts_acknowledges_neither()
    {
        var (first, second, barrier) = (New(), New(), New());
        var sharedFriend = Contact(1);
        var neighbour = Contact(1);
        await host.KnownContactsAsync(first.Contacts(sharedFriend));
        await host.KnownContactsAsync(second.Contacts(sharedFriend));
        await host.KnownContactsAsync(barrier.Contacts(neighbour));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        await TriggerAsync(first, sharedFriend);
        await TriggerAsync(second, sharedFriend, count: 2);
        await TriggerAsync(barrier, neighbour);

        (await host.PostInboundSmsAsync(sharedFriend.Phone, "J’arrive")).Dispose();
        (await host.PostInboundSmsAsync(neighbour.Phone, "J’arrive")).Dispose();

        await acknowledged.FirstAsync(a => a.AlertId == barrier.AlertId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.AlertId == first.AlertId || a.Message.AlertId == second.AlertId);
    }

    [Fact]
    public async Task Someone_following_two_alerts_is_asked_for_her_name_and_ok_with_her_name_acknowledges_hers_only()
    {
        var (camille, lea) = (New(), New());
        var sharedFriend = Contact(1);
        await host.KnownContactsAsync(camille.Contacts(sharedFriend));
        await host.KnownContactsAsync(lea.Contacts(sharedFriend) with { DisplayName = "Léa" });
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        await TriggerAsync(camille, sharedFriend);
        await TriggerAsync(lea, sharedFriend, count: 2);

        using var question = await host.PostInboundSmsAsync(sharedFriend.Phone, "OK");
        var asked = await question.Content.ReadAsStringAsync();
        using var answer = await host.PostInboundSmsAsync(sharedFriend.Phone, "ok lea");

        Assert.Contains("<Message>", asked, StringComparison.Ordinal);
        Assert.Contains("Camille", asked, StringComparison.Ordinal);
        Assert.Contains("Léa", asked, StringComparison.Ordinal);
        await acknowledged.FirstAsync(a => a.AlertId == lea.AlertId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.AlertId == camille.AlertId);
    }

    [Fact]
    public async Task The_first_acknowledgement_is_texted_once_to_whoever_else_is_on_call()
    {
        var her = New();
        var sister = Contact(1, name: "Sophie");
        var nadia = Operator("Nadia", NotificationsHost.OnCallNow());
        await host.KnownContactsAsync(her.Contacts(sister));
        await host.KnownRosterAsync(her.Roster(nadia));
        await TriggerAsync(her, sister);
        var acknowledgedBySister = her.Acknowledged(sister.ContactId);

        await host.PublishAsync(acknowledgedBySister, acknowledgedBySister.EventId);
        await host.PublishAsync(acknowledgedBySister, acknowledgedBySister.EventId);
        await host.PublishAsync(acknowledgedBySister with { EventId = Guid.CreateVersion7() });
        var told = (await host.WaitForSmsAsync(nadia.Phone))[0]["body"]!.GetValue<string>();
        // Another alert's acknowledgement queues behind the repeats: once it is told, the repeats have been handled.
        var later = her with { AlertId = Guid.CreateVersion7() };
        await TriggerAsync(later, sister, count: 2);
        var acknowledgedLater = later.Acknowledged(sister.ContactId);
        await host.PublishAsync(acknowledgedLater, acknowledgedLater.EventId);
        await host.WaitForSmsAsync(nadia.Phone, 2);

        Assert.Equal(2, (await host.SmsToAsync(nadia.Phone)).Count);
        Assert.Equal("Sophie (contact) a confirmé intervenir pour l'alerte de Camille.", told);
    }

    private async Task TriggerAsync(AlertScenario her, Platform.Contacts.Contracts.EmergencyContact contact, int count = 1)
    {
        var alert = her.Triggered();
        await host.PublishAsync(alert, alert.EventId);
        await host.WaitForSmsAsync(contact.Phone, count);
    }

    private Task ClosedAsync(Guid alertId) => Eventually.TrueAsync(async () =>
    {
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await session.LoadAsync<ClosedAlert>(alertId) is not null;
    }, "the alert closed");
}
