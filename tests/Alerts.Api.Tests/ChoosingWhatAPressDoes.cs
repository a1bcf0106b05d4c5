using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Alerts.Api.Tests;

public sealed class ChoosingWhatAPressDoes(AlertsHost host) : IClassFixture<AlertsHost>
{
    private static HttpRequestMessage Press(Guid deviceId, string pattern, string? source = null, object? device = null,
        string? pressId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = JsonContent.Create(new
            {
                deviceId,
                pressPattern = pattern,
                source,
                device,
                location = new { latitude = 45.7772, longitude = 3.0870, accuracyMeters = 12.5, capturedAt = DateTimeOffset.UtcNow },
            }),
        };
        request.Headers.Add("Idempotency-Key", pressId ?? $"press-{Guid.NewGuid():N}");
        return request;
    }

    private static async Task<JsonObject> AcceptedAsync(HttpClient client, HttpRequestMessage press)
    {
        using var response = await client.SendAsync(press);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task One_click_asks_tier_1_for_a_call_and_a_long_press_tells_the_app_to_record()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();

        var defaults = await she.She.GetFromJsonAsync<JsonObject>("/api/alerts/settings/press-patterns");
        var single = await AcceptedAsync(she.She, Press(she.DeviceId, "singleClick"));
        var longPress = await AcceptedAsync(she.She, Press(she.DeviceId, "longPress"));

        Assert.Equal(("callMeWithAnExcuse", "fullAlert", "fullAlertAndRecord"), (defaults!["singleClick"]!.GetValue<string>(),
            defaults["doubleClick"]!.GetValue<string>(), defaults["longPress"]!.GetValue<string>()));
        Assert.Equal(("callMeWithAnExcuse", false), (single["response"]!.GetValue<string>(), single["startRecording"]!.GetValue<bool>()));
        Assert.Equal(("fullAlert", true), (longPress["response"]!.GetValue<string>(), longPress["startRecording"]!.GetValue<bool>()));
        var excuse = (await published.FirstAsync(t => t.AlertId == single["alertId"]!.GetValue<Guid>())).Message;
        Assert.Equal(AlertResponse.CallMeWithAnExcuse, excuse.Response);
    }

    [Fact]
    public async Task Her_choice_changes_what_the_next_press_does()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var pins = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "1470" });
        Assert.Equal(HttpStatusCode.NoContent, pins.StatusCode);

        // Two clicks now ask for a call: a press doing less needs her PIN.
        using var saved = await she.She.PutAsJsonAsync("/api/alerts/settings/press-patterns",
            new { singleClick = "fullAlert", doubleClick = "callMeWithAnExcuse", longPress = "fullAlertAndRecord", pin = "2580" });
        using var refused = await she.She.PutAsJsonAsync("/api/alerts/settings/press-patterns",
            new { singleClick = "callMeWithAnExcuse", doubleClick = "callMeWithAnExcuse", longPress = "callMeWithAnExcuse" });
        using var byOperator = await she.HerOperator.PutAsJsonAsync("/api/alerts/settings/press-patterns",
            new { singleClick = "fullAlert", doubleClick = "fullAlert", longPress = "fullAlert" });
        var single = await AcceptedAsync(she.She, Press(she.DeviceId, "singleClick"));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal("fullAlert", single["response"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_drill_keeps_its_source_and_the_button_snapshot_for_operators()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();

        var drill = await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick", "drill", new { batteryPercent = 12, signalDbm = -88 }));
        using var claimed = await she.She.SendAsync(Press(she.DeviceId, "doubleClick", "timer"));

        var alertId = drill["alertId"]!.GetValue<Guid>();
        Assert.Equal(AlertSource.Drill, (await published.FirstAsync(t => t.AlertId == alertId)).Message.Source);
        var view = await she.HerOperator.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}");
        Assert.Equal("drill", view!["source"]!.GetValue<string>());
        Assert.Equal(12, view["device"]!["batteryPercent"]!.GetValue<int>());
        var problem = await HttpAssertions.AssertProblemAsync(claimed, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.NotNull(problem["errors"]!["source"]);
    }

    [Fact]
    public async Task The_same_press_arriving_by_sms_joins_the_alert_its_data_path_raised()
    {
        var she = await host.PairedBeneficiaryAsync();
        var byData = (await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick")))["alertId"]!.GetValue<Guid>();

        await host.PublishAsync(SmsPress(she, $"sms-{Guid.NewGuid():N}"));

        await Eventually.TrueAsync(async () => (await TimelineAsync(she.HerOperator, byData)).Contains("press-joined"),
            "the SMS press to join the alert");
        var active = (await she.HerOperator.GetFromJsonAsync<JsonObject>("/api/alerts?status=active"))!["items"]!.AsArray();
        Assert.Single(active);
    }

    [Fact]
    public async Task A_press_by_sms_alone_raises_an_alert_and_its_repeat_by_data_lands_on_it()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        var pressId = $"press-{Guid.NewGuid():N}";

        await host.PublishAsync(SmsPress(she, pressId));
        var raised = (await published.FirstAsync(t => t.BeneficiaryId == she.BeneficiaryId)).Message;
        var byData = await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick", pressId: pressId));
        var otherByData = await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick"));

        Assert.Equal((AlertSource.SmsFallback, she.DeviceId), (raised.Source, raised.DeviceId));
        Assert.Equal(raised.AlertId, byData["alertId"]!.GetValue<Guid>());
        // Another press by data within the window is taken for the same press too: her phone tried both paths.
        Assert.Equal(raised.AlertId, otherByData["alertId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_drill_report_shows_each_contact_sent_delivered_and_acknowledged()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = (await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick", "drill")))["alertId"]!.GetValue<Guid>();
        var real = (await AcceptedAsync(she.She, Press(she.DeviceId, "doubleClick")))["alertId"]!.GetValue<Guid>();
        var (amina, jules) = (Guid.NewGuid(), Guid.NewGuid());
        var now = DateTimeOffset.UtcNow;

        await host.PublishAsync(new NotificationDispatched(Guid.NewGuid(), now.AddSeconds(1), she.AssociationId, alertId, amina,
            NotificationChannel.Sms, 1, "SM-a"));
        await host.PublishAsync(new NotificationDispatched(Guid.NewGuid(), now.AddSeconds(1), she.AssociationId, alertId, jules,
            NotificationChannel.Sms, 1, "SM-j"));
        await host.PublishAsync(new NotificationDelivered(Guid.NewGuid(), now.AddSeconds(3), she.AssociationId, alertId, amina,
            NotificationChannel.Sms, 1));
        await host.PublishAsync(new NotificationAcknowledged(Guid.NewGuid(), now.AddSeconds(20), she.AssociationId, alertId, amina,
            ResponderKind.Contact, "Amina", NotificationChannel.Sms));

        var report = await Eventually.ValueAsync(async () =>
        {
            var view = await she.She.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}/drill-report");
            var contacts = view!["contacts"]!.AsArray();
            return (contacts.Count == 2 && contacts.Any(c => c!["acknowledgedAt"] is not null)
                && contacts.Any(c => c!["deliveredAt"] is not null), contacts);
        }, "the drill's outcomes to reach its report");
        using var notADrill = await she.HerOperator.GetAsync(new Uri($"/api/alerts/{real}/drill-report", UriKind.Relative));

        var first = report.Single(c => c!["contactId"]!.GetValue<Guid>() == amina)!;
        var second = report.Single(c => c!["contactId"]!.GetValue<Guid>() == jules)!;
        Assert.Equal("Amina", first["name"]!.GetValue<string>());
        Assert.NotNull(first["acknowledgedAfterSeconds"]);
        Assert.NotNull(second["sentAt"]);
        Assert.Null(second["acknowledgedAt"]);
        await HttpAssertions.AssertProblemAsync(notADrill, HttpStatusCode.NotFound);
    }

    private static SmsFallbackPressReceived SmsPress(PairedBeneficiary she, string pressId) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, she.AssociationId, she.BeneficiaryId, pressId, PressPattern.DoubleClick,
            new AlertLocation(45.7772, 3.0870, 40, DateTimeOffset.UtcNow));

    private static async Task<IReadOnlyList<string>> TimelineAsync(HttpClient client, Guid alertId) =>
        [.. (await client.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}"))!["timeline"]!.AsArray()
            .Select(entry => entry!["kind"]!.GetValue<string>())];
}
