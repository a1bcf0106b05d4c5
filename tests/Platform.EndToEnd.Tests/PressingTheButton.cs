using Platform.Testing;
using System.Net;

namespace Platform.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class PressingTheButton(PlatformStack stack)
{
    [Fact]
    public async Task One_press_reaches_each_contact_once_with_her_message_and_position()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

        var messages = await Scenario.WaitForSmsAsync(stack, she, count: 1);
        Assert.Equal(she.ContactPhones.Order(), messages.Select(m => m["to"]!.GetValue<string>()).Order());
        Assert.All(messages, sms =>
        {
            var body = sms["body"]!.GetValue<string>();
            Assert.StartsWith(she.AlertMessage, body, StringComparison.Ordinal);
            Assert.Contains("mlat=45.77722&mlon=3.08703", body, StringComparison.Ordinal);
        });
        var alert = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK);
        Assert.Equal(alertId, alert["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_same_press_sent_again_gives_the_same_alert_and_no_new_sms()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var pressId = $"press-{Guid.NewGuid():N}";
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, pressId);
        await Scenario.WaitForSmsAsync(stack, she, count: 1);

        var again = await Scenario.PressUntilAcceptedAsync(gateway, she, pressId);
        await Scenario.BarrierPressAsync(stack, gateway);

        Assert.Equal(alertId, again);
        foreach (var phone in she.ContactPhones)
        {
            Assert.Single(await Scenario.AlertSmsReceivedByAsync(stack, phone));
        }
    }

    [Fact]
    public async Task A_press_accepted_while_notifications_is_down_is_delivered_once_when_it_returns()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        await stack.StopServiceAsync("notifications");
        try
        {
            var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");

            Assert.NotEqual(Guid.Empty, alertId);
            foreach (var phone in she.ContactPhones)
            {
                Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, phone));
            }
        }
        finally
        {
            await stack.StartServiceAsync("notifications");
        }

        await Scenario.WaitForSmsAsync(stack, she, count: 1);
        await Scenario.BarrierPressAsync(stack, gateway);
        foreach (var phone in she.ContactPhones)
        {
            Assert.Single(await Scenario.AlertSmsReceivedByAsync(stack, phone));
        }
    }

    [Fact]
    public async Task One_trace_runs_from_the_gateway_through_rabbitmq_to_the_twilio_call()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToString();

        await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}", $"00-{traceId}-1234567890abcdef-01");

        var messages = await Scenario.WaitForSmsAsync(stack, she, count: 1);
        // Each Twilio call was made inside the trace the press started at the gateway: the sandbox recorded its traceparent.
        Assert.All(messages, sms => Assert.Equal(traceId, sms["traceparent"]!.GetValue<string>().Split('-')[1]));
    }

    [Fact]
    public async Task A_contact_who_never_accepted_receives_no_alert()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack, accepting: 1);
        using var gateway = stack.Client();

        await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        var confirmed = she with { ContactPhones = [she.ContactPhones[0]] };
        await Scenario.WaitForSmsAsync(stack, confirmed, count: 1);
        await Scenario.BarrierPressAsync(stack, gateway);

        Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, she.ContactPhones[1]));
    }

    [Fact]
    public async Task A_contact_removed_while_an_alert_waits_to_go_out_receives_nothing_from_it()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        await stack.StopServiceAsync("notifications");
        try
        {
            await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
            using var removed = await Scenario.RequestAsync(gateway, HttpMethod.Delete,
                $"/api/beneficiaries/{she.BeneficiaryId}/contacts/{she.ContactIds[1]}", she.OperatorToken, null);
            Assert.True(removed.IsSuccessStatusCode, $"removing the contact: {(int)removed.StatusCode}");
        }
        finally
        {
            await stack.StartServiceAsync("notifications");
        }

        var kept = she with { ContactPhones = [she.ContactPhones[0]] };
        await Scenario.WaitForSmsAsync(stack, kept, count: 1);
        await Scenario.BarrierPressAsync(stack, gateway);
        Assert.Empty(await Scenario.AlertSmsReceivedByAsync(stack, she.ContactPhones[1]));
    }

    [Fact]
    public async Task A_press_from_a_button_reported_lost_is_refused_and_reaches_nobody()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var alerts = new HashSet<Guid> { await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}") };
        await Scenario.WaitForSmsAsync(stack, she, count: 1);

        using var reported = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/devices/{she.DeviceId}/loss-report",
            she.OperatorToken, new { });
        Assert.True(reported.IsSuccessStatusCode, $"reporting the loss: {(int)reported.StatusCode}");
        // Presses made while the report travels to the alerts service are still real presses (joining her running alert).
        var refused = await Eventually.ValueAsync(async () =>
        {
            var response = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token, Scenario.Press(she),
                $"press-{Guid.NewGuid():N}");
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                alerts.Add(System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["alertId"]!.GetValue<Guid>());
            }
            return (response.StatusCode == HttpStatusCode.UnprocessableEntity, response);
        }, "presses from the lost button to be refused");

        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, "/problems/device-revoked");
        var presses = await Scenario.SendAsync(gateway, HttpMethod.Get, "/api/alerts/refused-presses", she.OperatorToken, null,
            HttpStatusCode.OK, array: true);
        Assert.NotEmpty(presses.AsArray());
        // Every alert reached each contact once, and the refused press reached nobody.
        await Scenario.BarrierPressAsync(stack, gateway);
        foreach (var phone in she.ContactPhones)
        {
            Assert.Equal(alerts.Count, (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count);
        }
        refused.Dispose();
    }
}
