using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The last resort through the running platform: an alert nobody of her association answers goes to the region's 24/7
/// fallback roster, her association's systems hear it, her app says what to do, and the repeats end.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class HandingAnUnansweredAlertToTheRegion(PlatformStack stack)
{
    private static readonly string[] UnansweredEvents = ["alert.unanswered"];

    [Fact]
    public async Task An_alert_nobody_can_be_reached_for_goes_to_the_regions_fallback_at_once_and_her_app_says_what_to_do()
    {
        var (regionOperator, regionPhone) = await Scenario.RegionFallbackAroundTheClockAsync(stack);
        // Her two contacts never accepted, and her association has no one on call.
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack, accepting: 0);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var gateway = stack.Client();
        await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/webhooks/endpoints", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { url = receiver.Address.ToString(), eventTypes = UnansweredEvents }, HttpStatusCode.Created);

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        // At once: the default policy would wait 10 minutes, this takes seconds.
        var texted = await Eventually.ValueAsync(async () =>
        {
            var received = await Scenario.SmsReceivedByAsync(stack, regionPhone);
            var hers = received.Where(sms => sms["body"]!.GetValue<string>().Contains("Camille", StringComparison.Ordinal)).ToList();
            return (hers.Count > 0, hers);
        }, "the region's fallback to be texted");
        Assert.StartsWith("SANS REPONSE de son association", texted[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);
        var call = await Eventually.ValueAsync(async () =>
        {
            var calls = await Scenario.CallsToAsync(stack, regionPhone);
            return (calls.Count > 0, calls.Count > 0 ? calls[^1] : null);
        }, "the region's fallback to be called");
        var delivery = await Eventually.ValueAsync(() =>
        {
            var hers = receiver.Accepted.Select(d => JsonNode.Parse(d.Body)!).FirstOrDefault(body =>
                body["type"]!.GetValue<string>() == "alert.unanswered" && body["data"]!["alertId"]!.GetValue<Guid>() == alertId);
            return Task.FromResult((hers is not null, hers));
        }, "the alert.unanswered webhook");
        Assert.Equal("nobodyReachable", delivery!["data"]!["reason"]!.GetValue<string>());

        var herView = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.Token, null, HttpStatusCode.OK);
        Assert.Contains("17", herView["nobodyAnswered"]!["advice"]!.GetValue<string>(), StringComparison.Ordinal);
        var list = await Scenario.SendAsync(gateway, HttpMethod.Get, "/api/alerts", she.OperatorToken, null, HttpStatusCode.OK);
        var first = list["items"]![0]!;
        Assert.Equal((alertId, true, true), (first["id"]!.GetValue<Guid>(), first["unanswered"]!.GetValue<bool>(), first["urgent"]!.GetValue<bool>()));
        var timeline = (await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK))
            ["timeline"]!.AsArray();
        Assert.Contains(timeline, entry => entry!["kind"]!.GetValue<string>() == "unanswered");

        // The region's operator presses 1: the alert is in hand, her app stops telling her nobody has answered.
        await Scenario.PressOneAsync(stack, call!);
        await Eventually.TrueAsync(async () =>
        {
            var view = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.Token, null, HttpStatusCode.OK);
            return view["nobodyAnswered"] is null
                && view["timeline"]!.AsArray().Any(entry => entry!["kind"]!.GetValue<string>() == "acknowledged");
        }, "the region's answer to reach her app");
        var responders = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}/responders", she.OperatorToken, null,
            HttpStatusCode.OK);
        var responder = Assert.Single(responders["responders"]!.AsArray())!;
        Assert.Equal((regionOperator, "onCallOperator"), (responder["responderId"]!.GetValue<Guid>(), responder["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Once_the_region_has_it_the_repeats_stop_at_their_bound_and_no_phone_rings_again()
    {
        var (_, regionPhone) = await Scenario.RegionFallbackAroundTheClockAsync(stack);
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        var onCallPhone = await Scenario.OnCallAroundTheClockAsync(stack, she);
        using var gateway = stack.Client();
        // Calls at 1 s, her association at 2 s, the region at 4 s, one more round at 7 s, then nothing.
        await Scenario.SendAsync(gateway, HttpMethod.Put, "/api/alerts/escalation-policy", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { voiceCallsAfterSeconds = 1, onCallAfterSeconds = 2, repeatEverySeconds = 5, unansweredAfterSeconds = 4, repeatsOnceUnanswered = 1 },
            HttpStatusCode.OK);

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        await Eventually.TrueAsync(async () => (await EscalatedStepsAsync(gateway, she, alertId)).Count == 4, "four escalation steps");
        var steps = await EscalatedStepsAsync(gateway, she, alertId);
        Assert.Contains("region fallback", steps[2], StringComparison.Ordinal);
        Assert.Contains("region fallback", steps[3], StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => (await Scenario.CallsToAsync(stack, regionPhone)).Count >= 2, "the region's two calls");
        var phones = (string[])[.. she.ContactPhones, onCallPhone, regionPhone];
        var calls = await Scenario.CountCallsAsync(stack, phones);

        // Two repeat intervals later: no new step, no new call to anyone.
        await Task.Delay(TimeSpan.FromSeconds(11));
        Assert.Equal(4, (await EscalatedStepsAsync(gateway, she, alertId)).Count);
        Assert.Equal(calls, await Scenario.CountCallsAsync(stack, phones));
        var view = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.Token, null, HttpStatusCode.OK);
        Assert.NotNull(view["nobodyAnswered"]);
    }

    private static async Task<IReadOnlyList<string>> EscalatedStepsAsync(HttpClient gateway, Beneficiary she, Guid alertId) =>
        [.. (await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK))
            ["timeline"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "escalated").Select(e => e!["detail"]!.GetValue<string>())];
}
