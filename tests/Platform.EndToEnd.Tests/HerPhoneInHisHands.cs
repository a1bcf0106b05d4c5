using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>He holds her unlocked phone, her app signed in: what he tries reaches her association, never her phone.</summary>
[Collection(StackCollection.Name)]
public sealed class HerPhoneInHisHands(PlatformStack stack)
{
    private const string CancelPin = "2580";
    private const string DuressPin = "1470";
    private static readonly string[] DuressEvents = ["beneficiary.duress"];
    private static readonly string[] ProtectionEvents = ["beneficiary.protection_changed"];
    private static readonly string[] ErasureEvents = ["evidence.erasure_requested"];

    [Fact]
    public async Task Guessing_her_pin_through_new_timers_reaches_her_associations_on_call_phone_and_webhook_then_stops_at_her_budget()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var (onCall, receiver, secret) = await AssociationListeningAsync(she, DuressEvents);
        await using var _ = receiver;
        using (var pins = await Scenario.RequestAsync(gateway, HttpMethod.Put, "/api/alerts/settings", she.Token,
            new { cancelPin = CancelPin, duressPin = DuressPin }))
        {
            Assert.Equal(HttpStatusCode.NoContent, pins.StatusCode);
        }

        // A new timer, two wrong check-ins (one fewer than a timer's own limit), again: 100 times at most.
        var answers = new List<HttpStatusCode>();
        for (var loop = 0; loop < 100 && !answers.Contains(HttpStatusCode.TooManyRequests); loop++)
        {
            using var started = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/timers", she.Token, new
            {
                dueAt = DateTimeOffset.UtcNow.AddHours(2),
                location = new { latitude = 45.77722, longitude = 3.08703, accuracyMeters = 12, capturedAt = DateTimeOffset.UtcNow },
            }, idempotencyKey: $"timer-{Guid.NewGuid():N}");
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            var timer = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
            for (var guess = 0; guess < 2; guess++)
            {
                using var checkIn = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/timers/{timer["timerId"]}/check-in", she.Token,
                    new { pin = $"{3000 + loop * 2 + guess}" });
                answers.Add(checkIn.StatusCode);
            }
        }

        Assert.Equal(20, answers.Count(status => status == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        var toOnCall = await OnCallSmsAsync(stack, onCall);
        Assert.Contains("Camille", toOnCall, StringComparison.Ordinal);
        var data = await VerifiedSingleDeliveryAsync(receiver, secret, "the beneficiary.duress webhook");
        Assert.Equal((she.BeneficiaryId, "wrongPinsExceeded", "checkingIn"),
            (data["beneficiaryId"]!.GetValue<Guid>(), data["reason"]!.GetValue<string>(), data["action"]!.GetValue<string>()));
        // Her contacts heard nothing: no alert was raised, only her association was told.
        foreach (var contact in she.ContactPhones)
        {
            Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, contact));
        }
    }

    [Fact]
    public async Task Flooding_the_gateway_with_her_token_is_answered_429_with_retry_after_while_her_press_and_cancel_still_pass()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        using (var pins = await Scenario.RequestAsync(gateway, HttpMethod.Put, "/api/alerts/settings", she.Token,
            new { cancelPin = CancelPin, duressPin = DuressPin }))
        {
            Assert.Equal(HttpStatusCode.NoContent, pins.StatusCode);
        }

        // More than this stack's per-token limit (1000 in 10 s), as fast as 16 connections go.
        using var parallel = new SemaphoreSlim(16);
        var answers = await Task.WhenAll(Enumerable.Range(0, PlatformStack.RequestsPerSubject + 200).Select(async _ =>
        {
            await parallel.WaitAsync();
            try
            {
                using var response = await Scenario.RequestAsync(gateway, HttpMethod.Get, "/api/alerts/settings", she.Token, null);
                return response.StatusCode == HttpStatusCode.TooManyRequests
                    ? (response.StatusCode, response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync())
                    : (response.StatusCode, null, "");
            }
            finally
            {
                parallel.Release();
            }
        }));

        var limited = answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(answers, answer => Assert.Contains(answer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.All(limited, answer => Assert.True(answer.Delta >= TimeSpan.FromSeconds(1), "Retry-After"));
        Assert.Equal("/problems/too-many-requests", JsonNode.Parse(limited[0].Item3)!["type"]!.GetValue<string>());
        // Still limited, yet a press is accepted and her cancel is answered by her PIN, not by the door.
        using (var stillLimited = await Scenario.RequestAsync(gateway, HttpMethod.Get, "/api/alerts/settings", she.Token, null))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, stillLimited.StatusCode);
        }
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        using var cancel = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/alerts/{alertId}/cancel", she.Token, new { pin = CancelPin });
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Fact]
    public async Task Removing_her_contacts_from_her_app_reaches_her_associations_on_call_phone_and_webhook()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var (onCall, receiver, secret) = await AssociationListeningAsync(she, ProtectionEvents);
        await using var _ = receiver;

        await ChoosePinsAsync(gateway, she);
        using (var withoutPin = await Scenario.RequestAsync(gateway, HttpMethod.Delete,
            $"/api/beneficiaries/{she.BeneficiaryId}/contacts/{she.ContactIds[0]}", she.Token, null))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, withoutPin.StatusCode);
        }
        var confirmation = await ConfirmAsync(gateway, she, CancelPin, "removingAContact");
        using (var removed = await Scenario.RequestAsync(gateway, HttpMethod.Delete,
            $"/api/beneficiaries/{she.BeneficiaryId}/contacts/{she.ContactIds[0]}", she.Token, null, pinConfirmation: confirmation))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        var toOnCall = await OnCallSmsAsync(stack, onCall);
        Assert.Contains("retire", toOnCall, StringComparison.Ordinal);
        Assert.DoesNotContain(she.ContactPhones[0], toOnCall, StringComparison.Ordinal);
        var data = await VerifiedSingleDeliveryAsync(receiver, secret, "the beneficiary.protection_changed webhook");
        Assert.Equal(("contactRemoved", she.ContactIds[0]), (data["change"]!.GetValue<string>(), data["contactId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Erasing_her_evidence_from_her_app_waits_and_reaches_her_associations_on_call_phone_and_webhook()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var (onCall, receiver, secret) = await AssociationListeningAsync(she, ErasureEvents);
        await using var _ = receiver;

        await ChoosePinsAsync(gateway, she);
        var confirmation = await ConfirmAsync(gateway, she, CancelPin, "erasingHerEvidence");
        using var requested = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/evidence/erasures", she.Token, new { },
            pinConfirmation: confirmation);
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var pending = JsonNode.Parse(await requested.Content.ReadAsStringAsync())!;

        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        var erasesAt = pending["erasesAt"]!.GetValue<DateTimeOffset>();
        Assert.InRange(erasesAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(71), TimeSpan.FromHours(72));
        var toOnCall = await OnCallSmsAsync(stack, onCall);
        Assert.Contains("effacer", toOnCall, StringComparison.Ordinal);
        var data = await VerifiedSingleDeliveryAsync(receiver, secret, "the evidence.erasure_requested webhook");
        Assert.Equal((she.BeneficiaryId, pending["erasureId"]!.GetValue<Guid>()),
            (data["beneficiaryId"]!.GetValue<Guid>(), data["erasureId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Removing_a_contact_with_her_duress_PIN_looks_done_to_her_phone_while_the_contact_still_gets_her_next_alert()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var (onCall, receiver, secret) = await AssociationListeningAsync(she, DuressEvents);
        await using var _ = receiver;
        await ChoosePinsAsync(gateway, she);

        var confirmation = await ConfirmAsync(gateway, she, DuressPin, "removingAContact");
        using (var removed = await Scenario.RequestAsync(gateway, HttpMethod.Delete,
            $"/api/beneficiaries/{she.BeneficiaryId}/contacts/{she.ContactIds[0]}", she.Token, null, pinConfirmation: confirmation))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        // Her phone reads the contact gone; her operators read the truth and why.
        var byHer = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{she.BeneficiaryId}", she.Token, null, HttpStatusCode.OK);
        Assert.Equal([she.ContactIds[1]], byHer["contacts"]!.AsArray().Select(c => c!["id"]!.GetValue<Guid>()));
        var byOperator = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{she.BeneficiaryId}", she.OperatorToken, null,
            HttpStatusCode.OK);
        Assert.Equal(2, byOperator["contacts"]!.AsArray().Count);
        var data = await VerifiedSingleDeliveryAsync(receiver, secret, "the beneficiary.duress webhook");
        Assert.Equal(("duressPin", "removingAContact"), (data["reason"]!.GetValue<string>(), data["action"]!.GetValue<string>()));
        Assert.Contains("contrainte", await OnCallSmsAsync(stack, onCall), StringComparison.Ordinal);
        // Her next press still reaches the contact he "removed".
        await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        await Eventually.TrueAsync(async () => (await Scenario.AlertSmsReceivedByAsync(stack, she.ContactPhones[0])).Count > 0,
            "her alert to reach the contact removed under duress");
    }

    private static async Task ChoosePinsAsync(HttpClient gateway, Beneficiary she)
    {
        using var pins = await Scenario.RequestAsync(gateway, HttpMethod.Put, "/api/alerts/settings", she.Token,
            new { cancelPin = CancelPin, duressPin = DuressPin });
        Assert.Equal(HttpStatusCode.NoContent, pins.StatusCode);
    }

    /// <summary>What alerts answers her PIN with, for the service that carries out the action.</summary>
    private static async Task<string> ConfirmAsync(HttpClient gateway, Beneficiary she, string pin, string action) =>
        (await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/alerts/pin-confirmations", she.Token, new { pin, action }, HttpStatusCode.OK))
            ["confirmation"]!.GetValue<string>();

    /// <summary>Her association listening: someone on call around the clock, and a webhook endpoint for these event types.</summary>
    private async Task<(string OnCallPhone, WebhookReceiver Receiver, string Secret)> AssociationListeningAsync(Beneficiary she,
        string[] eventTypes)
    {
        var onCall = await Scenario.OnCallAroundTheClockAsync(stack, she);
        var receiver = await WebhookReceiver.StartAsync();
        using var gateway = stack.Client();
        var created = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/webhooks/endpoints", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { url = receiver.Address.ToString(), eventTypes, description = "suivi" }, HttpStatusCode.Created);
        return (onCall, receiver, created["secret"]!.GetValue<string>());
    }

    /// <summary>The one webhook delivery the association received, checked by the Standard Webhooks reference library.</summary>
    private static async Task<JsonNode> VerifiedSingleDeliveryAsync(WebhookReceiver receiver, string secret, string what)
    {
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count > 0), what);
        var delivery = Assert.Single(receiver.Accepted);
        await using var verifier = StandardWebhooksVerifier.Start();
        var verdict = await verifier.VerifyAsync(secret, delivery.Headers, delivery.Body);
        Assert.True(verdict.Ok, verdict.Error);
        return JsonNode.Parse(delivery.Body)!["data"]!;
    }

    private static async Task<string> OnCallSmsAsync(PlatformStack stack, string onCall)
    {
        var received = await Eventually.ValueAsync(async () =>
        {
            var messages = await Scenario.SmsReceivedByAsync(stack, onCall);
            return (messages.Count > 0, messages);
        }, "the on-call operator's SMS");
        return Assert.Single(received)["body"]!.GetValue<string>();
    }
}
