using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

/// <summary>What Twilio says became of each message, and what this service does about it: never twice, never lost.</summary>
public sealed class TrackingDelivery(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private static readonly string[] QueuedSentDelivered = ["queued", "sent", "delivered"];
    private static readonly string[] SentUndelivered = ["sent", "undelivered"];

    private async Task<(AlertScenario Alert, Platform.Contacts.Contracts.EmergencyContact Contact)> AlertToOneContactAsync(
        Func<string, Task>? beforeTrigger = null)
    {
        var alert = New();
        var contact = Contact(tier: 1);
        await host.KnownContactsAsync(alert.Contacts(contact));
        if (beforeTrigger is not null)
        {
            await beforeTrigger(contact.Phone);
        }
        await host.PublishAsync(alert.Triggered());
        return (alert, contact);
    }

    [Fact]
    public async Task Delivered_reaches_the_timeline_once_however_late_repeated_or_out_of_order_the_callbacks()
    {
        var delivered = await host.WatchAsync<NotificationDelivered>();
        var (alert, contact) = await AlertToOneContactAsync(phone => host.ScriptAsync(new
        {
            kind = "message-status", to = phone, statuses = QueuedSentDelivered, outOfOrder = true, duplicate = true,
        }));

        await host.WaitForSmsAsync(contact.Phone);
        var first = await delivered.FirstAsync(d => d.AlertId == alert.AlertId);

        await Eventually.TrueAsync(async () => await DispatchAsync(alert, contact) is { ProviderStatus: "delivered" },
            "the delivery to be recorded");
        Assert.Equal((contact.ContactId, NotificationChannel.Sms, 1), (first.Message.ContactId, first.Message.Channel, first.Message.EscalationStep));
        Assert.Single(delivered.All, d => d.Message.AlertId == alert.AlertId);
    }

    [Fact]
    public async Task An_undelivered_sms_is_reported_and_the_contact_is_called_at_once()
    {
        var failed = await host.WatchAsync<NotificationFailed>();
        var (alert, contact) = await AlertToOneContactAsync(phone => host.ScriptAsync(new
        {
            kind = "message-status", to = phone, statuses = SentUndelivered, errorCode = 30003,
        }));

        var call = Assert.Single(await host.WaitForCallsAsync(contact.Phone));
        var reported = await failed.FirstAsync(f => f.AlertId == alert.AlertId);

        Assert.Equal((NotificationChannel.Sms, "undelivered-30003"), (reported.Message.Channel, reported.Message.Reason));
        Assert.Contains("<Gather", call["twiml"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_sms_is_not_retried_and_the_contact_is_called_instead()
    {
        var failed = await host.WatchAsync<NotificationFailed>();
        var (alert, contact) = await AlertToOneContactAsync(phone => host.ScriptAsync(new
        {
            kind = "messages", to = phone, responses = new[] { new { status = 400, twilioCode = 21614 } },
        }));

        await host.WaitForCallsAsync(contact.Phone);
        var reported = await failed.FirstAsync(f => f.AlertId == alert.AlertId);

        Assert.Equal("twilio-21614", reported.Message.Reason);
        Assert.Empty(await host.SmsToAsync(contact.Phone));
        Assert.Equal(DispatchStatus.Failed, (await DispatchAsync(alert, contact))!.Status);
    }

    [Fact]
    public async Task A_429_is_retried_from_postgresql_no_sooner_than_its_retry_after()
    {
        var (alert, contact) = await AlertToOneContactAsync(phone => host.ScriptAsync(new
        {
            kind = "messages", to = phone, responses = new[] { new { status = 429, retryAfterSeconds = 2 } },
        }));

        var retrying = await Eventually.ValueAsync(async () => await DispatchAsync(alert, contact) is { Status: DispatchStatus.Retrying } d
            ? (true, d) : (false, null!), "the dispatch to wait for its retry");
        var sms = Assert.Single(await host.WaitForSmsAsync(contact.Phone));
        var sent = await SentDispatchAsync(alert, contact);

        Assert.Equal((1, "twilio-http-429"), (retrying.Attempts, retrying.FailureReason));
        Assert.Equal(DispatchStatus.Sent, sent.Status);
        Assert.True(sent.UpdatedAt - retrying.UpdatedAt >= TimeSpan.FromSeconds(2),
            $"sent {(sent.UpdatedAt - retrying.UpdatedAt).TotalMilliseconds} ms after the 429");
        Assert.StartsWith(HerMessage, sms["body"]!.GetValue<string>(), StringComparison.Ordinal);
        // The retry, re-published by a wake-up, is still in the trace of the alert's first attempt.
        Assert.Equal(System.Diagnostics.ActivityContext.Parse(sent.TraceParent!, null).TraceId.ToString(),
            sms["traceparent"]!.GetValue<string>().Split('-')[1]);
    }

    [Fact]
    public async Task Server_errors_and_timeouts_back_off_then_deliver_once_and_a_long_outage_is_reported_once()
    {
        var unreachable = await host.WatchAsync<NotificationProviderUnreachable>();
        var (alert, contact) = await AlertToOneContactAsync(phone => host.ScriptAsync(new
        {
            kind = "messages", to = phone,
            responses = new object[] { new { status = 500 }, new { status = 503 }, new { status = 503 }, new { status = 500 }, new { status = 503 } },
        }));

        var sms = await host.WaitForSmsAsync(contact.Phone);
        var outage = await unreachable.FirstAsync(u => u.AlertId == alert.AlertId);
        var sent = await SentDispatchAsync(alert, contact);

        Assert.Single(sms);
        Assert.Equal((DispatchStatus.Sent, 5), (sent.Status, sent.Attempts));
        Assert.Equal(contact.ContactId, outage.Message.ContactId);
        Assert.Single(unreachable.All, u => u.Message.AlertId == alert.AlertId);
    }

    [Fact]
    public async Task A_message_whose_outcome_was_lost_is_not_sent_again_when_twilio_already_has_it()
    {
        var (alert, contact) = await AlertToOneContactAsync();
        await host.WaitForSmsAsync(contact.Phone);
        var sent = await SentDispatchAsync(alert, contact);

        // A replica killed between Twilio's answer and its own record leaves this: a claim, and no outcome.
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            // Loaded in this session first: optimistic concurrency checks the version it read.
            _ = await session.LoadAsync<Dispatch>(sent.Id);
            session.Update(sent with { Status = DispatchStatus.Sending, ProviderMessageId = null, UpdatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                ClaimedAt = DateTimeOffset.UtcNow.AddMinutes(-5).AddSeconds(1) });
            await session.SaveChangesAsync();
        }
        await host.PublishAsync(sent.Command!.Sms!);

        var reconciled = await Eventually.ValueAsync(async () => await DispatchAsync(alert, contact) is { Status: DispatchStatus.Sent } d
            ? (true, d) : (false, null!), "the dispatch to be reconciled");
        Assert.Equal(sent.ProviderMessageId, reconciled.ProviderMessageId);
        Assert.Single(await host.SmsToAsync(contact.Phone));
    }

    [Fact]
    public async Task Forged_missing_and_replayed_signatures_are_refused_and_change_nothing()
    {
        var (alert, contact) = await AlertToOneContactAsync();
        await host.WaitForSmsAsync(contact.Phone);
        var dispatch = await SentDispatchAsync(alert, contact);
        var url = DeliveryStatusWebhook.CallbackUrlFor(host.Services.GetRequiredService<TwilioSettings>(), dispatch.Id);
        var fields = new Dictionary<string, string> { ["MessageSid"] = dispatch.ProviderMessageId!, ["MessageStatus"] = "delivered" };

        using var forged = await host.PostTwilioAsync(url, fields, signature: "forged");
        using var missing = await host.PostTwilioAsync(url, fields, signature: null);
        Assert.Null((await DispatchAsync(alert, contact))!.ProviderStatus);
        using var genuine = await host.PostTwilioAsync(url, fields);
        using var replayed = await host.PostTwilioAsync(url, fields);

        await HttpAssertions.AssertProblemAsync(forged, HttpStatusCode.Forbidden, "/problems/invalid-twilio-signature");
        await HttpAssertions.AssertProblemAsync(missing, HttpStatusCode.Forbidden, "/problems/invalid-twilio-signature");
        Assert.True(genuine.IsSuccessStatusCode, $"genuine callback: {(int)genuine.StatusCode}");
        await HttpAssertions.AssertProblemAsync(replayed, HttpStatusCode.Forbidden, "/problems/replayed-twilio-callback");
        Assert.Equal("delivered", (await DispatchAsync(alert, contact))!.ProviderStatus);
    }

    [Fact]
    public async Task A_call_that_ends_unanswered_is_reported_and_one_answered_without_the_key_acknowledges_nothing()
    {
        var failed = await host.WatchAsync<NotificationFailed>();
        var delivered = await host.WatchAsync<NotificationDelivered>();
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        var alert = New();
        var (first, second) = (Contact(tier: 1), Contact(tier: 1, name: "Inès"));
        await host.KnownContactsAsync(alert.Contacts(first, second));
        await host.PublishAsync(alert.Escalated(2, reach: FirstTierByVoice));
        var busy = Assert.Single(await host.WaitForCallsAsync(first.Phone));
        var voicemail = Assert.Single(await host.WaitForCallsAsync(second.Phone));

        await host.PlayCallAsync(busy, "busy");
        await host.PlayCallAsync(voicemail, "completed");

        Assert.Equal("call-busy", (await failed.FirstAsync(f => f.AlertId == alert.AlertId && f.ContactId == first.ContactId)).Message.Reason);
        await delivered.FirstAsync(d => d.AlertId == alert.AlertId && d.ContactId == second.ContactId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.AlertId == alert.AlertId);
    }

    /// <summary>The SMS reaches the sandbox a moment before its dispatch records Twilio's answer: wait for the record.</summary>
    private Task<Dispatch> SentDispatchAsync(AlertScenario alert, Platform.Contacts.Contracts.EmergencyContact contact) =>
        Eventually.ValueAsync(async () => await DispatchAsync(alert, contact) is { Status: DispatchStatus.Sent } sent
            ? (true, sent) : (false, null!), "the dispatch to record Twilio's answer");

    private async Task<Dispatch?> DispatchAsync(AlertScenario alert, Platform.Contacts.Contracts.EmergencyContact contact)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<Dispatch>(SmsDispatch.IdFor(alert.AlertId, contact.ContactId, 1));
    }
}
