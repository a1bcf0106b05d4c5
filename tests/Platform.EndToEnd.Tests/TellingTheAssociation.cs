using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>An association's own systems hear of her alert through a webhook registered at the gateway, signed and verifiable.</summary>
[Collection(StackCollection.Name)]
public sealed class TellingTheAssociation(PlatformStack stack)
{
    private static readonly string[] HerAlertsEvents = ["alert.triggered", "alert.acknowledged", "alert.resolved"];

    [Fact]
    public async Task Its_endpoint_hears_the_press_the_acknowledgement_and_the_resolution_each_verified_by_the_reference_library()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var verifier = StandardWebhooksVerifier.Start();
        using var gateway = stack.Client();
        var admin = stack.Tokens.AssociationAdmin(she.AssociationId);
        var created = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/webhooks/endpoints", admin, new
        {
            url = receiver.Address.ToString(),
            eventTypes = HerAlertsEvents,
            description = "suivi des situations",
        }, HttpStatusCode.Created);
        var secret = created["secret"]!.GetValue<string>();

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        await Scenario.WaitForSmsAsync(stack, she, 1);
        using (var sandbox = new HttpClient { BaseAddress = stack.Sandbox })
        {
            using var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = she.ContactPhones[0], to = "+33757000000", body = "OK" });
            reply.EnsureSuccessStatusCode();
        }
        await Eventually.TrueAsync(() => Task.FromResult(TypesFor(receiver, alertId).Contains("alert.acknowledged")), "the acknowledgement webhook");
        await Scenario.ResolveAsync(gateway, she, alertId);

        await Eventually.TrueAsync(() => Task.FromResult(TypesFor(receiver, alertId).Count == 3), "three webhooks for her alert");
        // Webhooks carry no order guarantee (the guide says so: receivers order by timestamp); each type arrives once.
        Assert.Equal(["alert.acknowledged", "alert.resolved", "alert.triggered"], TypesFor(receiver, alertId).Order());
        foreach (var delivery in receiver.Accepted)
        {
            var verdict = await verifier.VerifyAsync(secret, delivery.Headers, delivery.Body);
            Assert.True(verdict.Ok, verdict.Error);
            Assert.DoesNotContain(she.ContactPhones[0], delivery.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("danger", delivery.Body, StringComparison.OrdinalIgnoreCase);
        }
        // The receiver has answered; the platform records each answer a moment later.
        await Eventually.TrueAsync(async () =>
        {
            var log = (JsonArray)await Scenario.SendAsync(gateway, HttpMethod.Get,
                $"/api/webhooks/endpoints/{created["endpoint"]!["id"]}/messages", admin, null, HttpStatusCode.OK, array: true);
            return log.Count == 3 && log.All(message => message!["status"]!.GetValue<string>() == "delivered");
        }, "three delivered messages in the endpoint's log");
    }

    private static List<string> TypesFor(WebhookReceiver receiver, Guid alertId) =>
    [
        .. receiver.Accepted.Select(delivery => JsonNode.Parse(delivery.Body)!)
            .Where(body => body["data"]?["alertId"]?.GetValue<Guid>() == alertId)
            .Select(body => body["type"]!.GetValue<string>()),
    ];
}
