using Platform.Notifications.Contracts;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

public sealed class EscalatingAnAlert(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task Step_2_calls_each_first_tier_contact_once_with_her_message_and_a_key_to_press()
    {
        var her = New();
        var (sister, friend, colleague) = (Contact(1), Contact(1), Contact(2));
        await host.KnownContactsAsync(her.Contacts(sister, friend, colleague));
        var dispatched = await host.WatchAsync<NotificationDispatched>();
        var step2 = her.Escalated(2, reach: FirstTierByVoice);

        await host.PublishAsync(step2, step2.EventId);
        await host.PublishAsync(step2, step2.EventId);
        await host.PublishAsync(step2, Guid.CreateVersion7());
        var toSister = await host.WaitForCallsAsync(sister.Phone);
        await host.WaitForCallsAsync(friend.Phone);
        // A later step queues behind the repeats: once its calls are placed, the repeats have been handled.
        var step4 = her.Escalated(4, reach: FirstTierByVoice);
        await host.PublishAsync(step4, step4.EventId);
        await host.WaitForCallsAsync(sister.Phone, 2);
        await host.WaitForCallsAsync(friend.Phone, 2);

        Assert.Equal(2, (await host.CallsToAsync(sister.Phone)).Count);
        Assert.Equal(2, (await host.CallsToAsync(friend.Phone)).Count);
        Assert.Empty(await host.CallsToAsync(colleague.Phone));
        var twiml = toSister[0]["twiml"]!.GetValue<string>();
        Assert.Contains("<Gather numDigits=\"1\"", twiml, StringComparison.Ordinal);
        Assert.Contains(HerMessage, twiml, StringComparison.Ordinal);
        Assert.Contains("Appuyez sur 1", twiml, StringComparison.Ordinal);
        Assert.StartsWith($"{NotificationsHost.PublicBaseUrl}/callbacks/twilio/voice?", toSister[0]["statusCallback"]!.GetValue<string>(),
            StringComparison.Ordinal);
        var (messageId, outcome, _) = await dispatched.FirstAsync(d => d.ContactId == sister.ContactId && d.EscalationStep == 2);
        Assert.Equal((NotificationChannel.Voice, toSister[0]["sid"]!.GetValue<string>(), outcome.EventId),
            (outcome.Channel, outcome.ProviderMessageId, messageId!.Value));
        // The step asked for calls only.
        Assert.Empty(await host.SmsToAsync(sister.Phone));
    }

    [Fact]
    public async Task A_duress_step_texts_and_calls_whoever_is_on_call_first_marked_priority_and_nobody_off_call()
    {
        var her = New();
        var sister = Contact(1);
        var (nadia, luc) = (Operator("Nadia", NotificationsHost.OnCallNow()), Operator("Luc", NotificationsHost.OnCallLater()));
        await host.KnownContactsAsync(her.Contacts(sister));
        await host.KnownRosterAsync(her.Roster(nadia, luc));
        var dispatched = await host.WatchAsync<NotificationDispatched>();
        var step = her.Escalated(3, priority: true, reach: [OnCallBySms, OnCallByVoice]);

        await host.PublishAsync(step, step.EventId);

        var sms = (await host.WaitForSmsAsync(nadia.Phone))[0]["body"]!.GetValue<string>();
        var call = (await host.WaitForCallsAsync(nadia.Phone))[0]["twiml"]!.GetValue<string>();
        Assert.StartsWith("PRIORITAIRE - contrainte possible", sms, StringComparison.Ordinal);
        Assert.Contains("Camille", sms, StringComparison.Ordinal);
        Assert.Contains("tape 3", sms, StringComparison.Ordinal);
        Assert.Contains("mlat=48.85661&mlon=2.35222", sms, StringComparison.Ordinal);
        Assert.Contains("prioritaire", call, StringComparison.Ordinal);
        var (_, viaVoice, _) = await dispatched.FirstAsync(d => d.AlertId == her.AlertId && d.Channel == NotificationChannel.Voice);
        Assert.Equal((nadia.OperatorId, 3), (viaVoice.ContactId, viaVoice.EscalationStep));
        Assert.Empty(await host.SmsToAsync(luc.Phone));
        Assert.Empty(await host.CallsToAsync(luc.Phone));
        Assert.Empty(await host.SmsToAsync(sister.Phone));
    }

    [Fact]
    public async Task With_nobody_on_call_her_contacts_are_still_reached()
    {
        var her = New();
        var sister = Contact(1);
        await host.KnownContactsAsync(her.Contacts(sister));
        var step = her.Escalated(3, reach: [OnCallBySms, OnCallByVoice, FirstTierBySms]);

        await host.PublishAsync(step, step.EventId);

        var sms = (await host.WaitForSmsAsync(sister.Phone))[0]["body"]!.GetValue<string>();
        Assert.StartsWith(HerMessage, sms, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIORITAIRE", sms, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_drill_step_tells_her_contacts_it_is_a_test()
    {
        var her = New();
        var sister = Contact(1);
        await host.KnownContactsAsync(her.Contacts(sister));
        var step = her.Escalated(2, source: Platform.Alerts.Contracts.AlertSource.Drill, reach: [FirstTierByVoice, FirstTierBySms]);

        await host.PublishAsync(step, step.EventId);

        Assert.StartsWith("TEST (exercice) - ", (await host.WaitForSmsAsync(sister.Phone))[0]["body"]!.GetValue<string>(),
            StringComparison.Ordinal);
        Assert.Contains("<Say language=\"fr-FR\">Ceci est un test", (await host.WaitForCallsAsync(sister.Phone))[0]["twiml"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }
}
