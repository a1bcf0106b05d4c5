using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

public sealed class SharingLocation(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Her_fixes_join_the_trail_in_capture_order_and_late_ones_never_move_last_known_back()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var start = DateTimeOffset.UtcNow;
        using var stopped = host.Clock.Stop();

        using var first = await she.She.SendAsync(Locations(alertId, Fix(start.AddSeconds(20), latitude: 45.80), Fix(start.AddSeconds(10), latitude: 45.79)));
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        using var late = await she.She.SendAsync(Locations(alertId, Fix(start.AddSeconds(15), latitude: 45.795)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, late.StatusCode));
        using var read = await she.She.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        var alert = await read.ReadJsonAsync();
        Assert.Equal(45.80, alert["lastKnownLocation"]!["latitude"]!.GetValue<double>(), 6);
        var trail = alert["trail"]!.AsArray().Select(fix => fix!["latitude"]!.GetValue<double>()).ToArray();
        Assert.Equal([45.7772, 45.79, 45.795, 45.80], trail);
    }

    [Fact]
    public async Task Freezing_her_position_with_a_press_dated_a_day_ahead_fails_the_press_still_raises_the_alert_and_later_fixes_move_her()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var stopped = host.Clock.Stop();
        var now = host.Clock.GetUtcNow();
        using var press = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                deviceId = she.DeviceId,
                pressPattern = "doubleClick",
                location = new { latitude = 45.7772, longitude = 3.0870, accuracyMeters = 12.5, capturedAt = now.AddDays(1) },
            }),
        };
        press.Headers.Add("Idempotency-Key", $"press-{Guid.NewGuid():N}");

        using var accepted = await she.She.SendAsync(press);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var body = await accepted.ReadJsonAsync();
        Assert.Equal(Alerts.Triggering.LocationWarning.CapturedInTheFutureProblem, body["locationWarning"]!["type"]!.GetValue<string>());
        var alertId = body["alertId"]!.GetValue<Guid>();
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        using var fix = await she.She.SendAsync(Locations(alertId, Fix(host.Clock.GetUtcNow(), latitude: 45.80)));
        Assert.Equal(HttpStatusCode.OK, fix.StatusCode);
        using var read = await she.HerOperator.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        var alert = await read.ReadJsonAsync();
        // Her newer fix is where she is: the press's forged time did not pin her to where she pressed.
        Assert.Equal(45.80, alert["lastKnownLocation"]!["latitude"]!.GetValue<double>(), 6);
        Assert.Contains("clock was ahead", alert["timeline"]!.AsArray()[0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_press_with_an_honest_clock_carries_no_warning()
    {
        var she = await host.PairedBeneficiaryAsync();

        using var press = await she.She.SendAsync(Press(she.DeviceId));

        Assert.Equal(HttpStatusCode.Accepted, press.StatusCode);
        Assert.False((await press.ReadJsonAsync()).ContainsKey("locationWarning"));
    }

    [Fact]
    public async Task A_batch_sooner_than_two_seconds_is_answered_429_with_retry_after_and_accepted_later()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var stopped = host.Clock.Stop();
        using var first = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        host.Clock.Advance(TimeSpan.FromMilliseconds(500));

        using var soon = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow)));

        await HttpAssertions.AssertProblemAsync(soon, HttpStatusCode.TooManyRequests, RecordLocationsSlice.ThrottledProblem);
        Assert.Equal(TimeSpan.FromSeconds(2), soon.Headers.RetryAfter!.Delta);
        host.Clock.Advance(TimeSpan.FromSeconds(1.5));
        using var again = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Location_updates_are_published_at_most_once_per_interval_of_capture_time()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var published = await host.WatchAsync<AlertLocationUpdated>();
        var start = DateTimeOffset.UtcNow;
        using var stopped = host.Clock.Stop();

        foreach (var (seconds, latitude) in new[] { (1, 45.801), (4, 45.804), (12, 45.812) })
        {
            using var response = await she.She.SendAsync(Locations(alertId, Fix(start.AddSeconds(seconds), latitude: latitude)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            host.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        var (messageId, last, _) = await published.FirstAsync(m => m.AlertId == alertId && m.Location.Latitude == 45.812);
        Assert.Equal(last.EventId, messageId);
        Assert.Equal(she.AssociationId, last.AssociationId);
        // The outbox publishes in commit order: the throttled middle batch would have arrived before the last one.
        Assert.Equal([45.801, 45.812], published.All.Where(m => m.Message.AlertId == alertId).Select(m => m.Message.Location.Latitude));
    }

    [Fact]
    public async Task A_fix_failing_validation_is_named_by_its_index()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);

        using var response = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow), Fix(DateTimeOffset.UtcNow, longitude: 200)));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["fixes[1].longitude"]);
    }

    [Fact]
    public async Task An_empty_batch_is_a_validation_problem()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);

        using var response = await she.She.SendAsync(Locations(alertId));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["fixes"]);
    }

    [Fact]
    public async Task A_resolved_alert_refuses_new_fixes_with_409()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        await ResolveAsync(herOperator, alertId, new { outcome = "safe" });

        using var response = await she.She.SendAsync(Locations(alertId, Fix(DateTimeOffset.UtcNow)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, RecordLocationsSlice.AlertClosedProblem);
    }
}
