using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The escalation through the running platform: alerts' durable wake-ups, notifications' calls through the sandbox, the
/// contact's key press. Time is under the test's control through her association's policy (seconds, not minutes).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class EscalatingAnAlert(PlatformStack stack)
{
    [Fact]
    public async Task Calls_then_the_on_call_operator_then_repeats_a_contacts_key_press_stops_her_calls_and_the_on_call_operators_stops_all()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        var onCallPhone = await Scenario.OnCallAroundTheClockAsync(stack, she);
        using var gateway = stack.Client();
        await PolicyAsync(gateway, she, voiceCallsAfter: 1, onCallAfter: 2, repeatEvery: 5);

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        await Scenario.WaitForSmsAsync(stack, she, count: 1);
        foreach (var phone in she.ContactPhones)
        {
            await CallsAsync(phone, atLeast: 1);
        }
        var onCallSms = await Eventually.ValueAsync(async () =>
        {
            var received = await Scenario.SmsReceivedByAsync(stack, onCallPhone);
            return (received.Count > 0, received);
        }, "the on-call operator's SMS");
        await CallsAsync(onCallPhone, atLeast: 1);
        var repeated = await CallsAsync(she.ContactPhones[0], atLeast: 2);
        Assert.Contains("Camille", onCallSms[0]["body"]!.GetValue<string>(), StringComparison.Ordinal);

        // The first contact picks up and presses 1: she is told who is coming, that contact is called no more...
        await Scenario.PressOneAsync(stack, repeated[^1]);
        var responders = await Eventually.ValueAsync(async () =>
        {
            var view = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}/responders", she.Token, null, HttpStatusCode.OK);
            return (view["someoneIsComing"]!.GetValue<bool>(), view);
        }, "her app to learn someone is coming");
        Assert.Equal("Contact", responders["responders"]![0]!["name"]!.GetValue<string>());
        var callsToHer = (await Scenario.CallsToAsync(stack, she.ContactPhones[0])).Count;
        // ...while her association is still paged (a contact's word, or a forwarded link's, never stands it down).
        var onCallCalls = (await Scenario.CallsToAsync(stack, onCallPhone)).Count;
        var paged = await CallsAsync(onCallPhone, atLeast: onCallCalls + 1);
        Assert.Equal(callsToHer, (await Scenario.CallsToAsync(stack, she.ContactPhones[0])).Count);

        // The on-call operator presses 1: escalation stops; after more than one repeat interval, no new call was placed.
        await Scenario.PressOneAsync(stack, paged[^1]);
        await Eventually.TrueAsync(async () =>
        {
            var view = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}/responders", she.OperatorToken, null,
                HttpStatusCode.OK);
            return view["responders"]!.AsArray().Any(r => r!["kind"]!.GetValue<string>() == "onCallOperator");
        }, "the on-call operator's answer");
        var callsAfterAcknowledgement = await Scenario.CountCallsAsync(stack, [.. she.ContactPhones, onCallPhone]);
        await Task.Delay(TimeSpan.FromSeconds(7));
        Assert.Equal(callsAfterAcknowledgement, await Scenario.CountCallsAsync(stack, [.. she.ContactPhones, onCallPhone]));
        var timeline = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK);
        Assert.Contains(timeline["timeline"]!.AsArray(), entry => entry!["kind"]!.GetValue<string>() == "acknowledged");
    }

    [Fact]
    public async Task A_step_due_while_alerts_is_down_fires_once_when_it_returns()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        await PolicyAsync(gateway, she, voiceCallsAfter: 3, onCallAfter: 3600, repeatEvery: 3600);
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        await Scenario.WaitForSmsAsync(stack, she, count: 1);

        await stack.StopServiceAsync("alerts");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.Equal(0, await Scenario.CountCallsAsync(stack, she.ContactPhones));
        }
        finally
        {
            await stack.StartServiceAsync("alerts");
        }

        foreach (var phone in she.ContactPhones)
        {
            await CallsAsync(phone, atLeast: 1);
        }
        // Give a second firing every chance to show itself before counting.
        await Eventually.TrueAsync(async () =>
        {
            var alert = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK);
            return alert["timeline"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "notification-dispatched") >= 4;
        }, "the calls to join the timeline");
        var escalated = (await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK))
            ["timeline"]!.AsArray().Count(e => e!["kind"]!.GetValue<string>() == "escalated");
        Assert.Equal(1, escalated);
        Assert.Equal(2, await Scenario.CountCallsAsync(stack, she.ContactPhones));
    }

    [Fact]
    public async Task Her_second_and_third_circles_and_the_on_call_operator_are_each_reached_once_at_their_delays()
    {
        var she = await Scenario.EnrolledWithTieredContactsAsync(stack, 1, 2, 3);
        var (tier1, tier2, tier3) = (she.ContactPhones[0], she.ContactPhones[1], she.ContactPhones[2]);
        var onCallPhone = await Scenario.OnCallAroundTheClockAsync(stack, she);
        using var gateway = stack.Client();
        await Scenario.SendAsync(gateway, HttpMethod.Put, "/api/alerts/escalation-policy", stack.Tokens.AssociationAdmin(she.AssociationId),
            new
            {
                voiceCallsAfterSeconds = 15, secondTierAfterSeconds = 5, thirdTierAfterSeconds = 10, onCallAfterSeconds = 15,
                repeatEverySeconds = 3600,
            }, HttpStatusCode.OK);

        await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        // Each circle hears of her alert when its delay comes, not before: 0 s, 5 s, 10 s, then her association at 15 s.
        await AlertSmsAsync(tier1);
        Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, tier2));
        await AlertSmsAsync(tier2);
        Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, tier3));
        await AlertSmsAsync(tier3);
        Assert.Empty(await Scenario.SmsReceivedByAsync(stack, onCallPhone));
        await CallsAsync(onCallPhone, atLeast: 1);
        await CallsAsync(tier1, atLeast: 1);
        await Scenario.BarrierPressAsync(stack, gateway);

        // Once per step and person: one alert SMS each, one call to tier 1 and to the on-call operator, one SMS to the latter.
        foreach (var phone in she.ContactPhones)
        {
            Assert.Single(await Scenario.AlertSmsReceivedByAsync(stack, phone));
        }
        Assert.Single(await Scenario.SmsReceivedByAsync(stack, onCallPhone));
        Assert.Equal((1, 1, 0, 0), ((await Scenario.CallsToAsync(stack, onCallPhone)).Count, (await Scenario.CallsToAsync(stack, tier1)).Count,
            (await Scenario.CallsToAsync(stack, tier2)).Count, (await Scenario.CallsToAsync(stack, tier3)).Count));
    }


    private async Task AlertSmsAsync(string phone) =>
        await Eventually.TrueAsync(async () => (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count > 0, "her alert SMS at one contact");

    private async Task PolicyAsync(HttpClient gateway, Beneficiary she, int voiceCallsAfter, int onCallAfter, int repeatEvery) =>
        await Scenario.SendAsync(gateway, HttpMethod.Put, "/api/alerts/escalation-policy", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { voiceCallsAfterSeconds = voiceCallsAfter, onCallAfterSeconds = onCallAfter, repeatEverySeconds = repeatEvery },
            HttpStatusCode.OK);

    private async Task<IReadOnlyList<JsonObject>> CallsAsync(string phone, int atLeast) =>
        await Eventually.ValueAsync(async () =>
        {
            var calls = await Scenario.CallsToAsync(stack, phone);
            return (calls.Count >= atLeast, calls);
        }, $"{atLeast} call(s) to one phone");
}
