using Platform.Testing;
using Platform.Alerts.Contracts;
using System.Net;

namespace Platform.Alerts.Api.Tests;

public sealed class TriggeringAnAlert(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task A_press_from_her_paired_button_is_accepted_and_published_to_the_bus()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();

        using var response = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alertId = (await response.ReadJsonAsync())["alertId"]!.GetValue<Guid>();
        Assert.Equal($"/api/alerts/{alertId}", response.Headers.Location!.OriginalString);
        var (messageId, triggered, _) = await published.FirstAsync(m => m.AlertId == alertId);
        Assert.Equal(triggered.EventId, messageId);
        Assert.Equal(she.AssociationId, triggered.AssociationId);
        Assert.Equal(she.BeneficiaryId, triggered.BeneficiaryId);
        Assert.Equal(PressPattern.DoubleClick, triggered.PressPattern);
        Assert.Equal(45.7772, triggered.Location.Latitude, 6);
    }

    [Fact]
    public async Task The_same_press_sent_again_returns_the_same_alert_and_starts_nothing_new()
    {
        var she = await host.PairedBeneficiaryAsync();
        var pressId = $"press-{Guid.NewGuid():N}";

        using var first = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, pressId));
        using var again = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, pressId));

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var alertId = (await first.ReadJsonAsync())["alertId"]!.GetValue<Guid>();
        Assert.Equal(alertId, (await again.ReadJsonAsync())["alertId"]!.GetValue<Guid>());
        using var alert = await she.She.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        var timeline = (await alert.ReadJsonAsync())["timeline"]!.AsArray();
        Assert.Single(timeline, entry => entry!["kind"]!.GetValue<string>() == "triggered");
    }

    [Fact]
    public async Task Copies_of_one_press_arriving_at_once_make_one_alert()
    {
        var she = await host.PairedBeneficiaryAsync();
        var pressId = $"press-{Guid.NewGuid():N}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => she.She.SendAsync(AlertRequests.Press(she.DeviceId, pressId))));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        var alertIds = await Task.WhenAll(responses.Select(async r => (await r.ReadJsonAsync())["alertId"]!.GetValue<Guid>()));
        Assert.Single(alertIds.Distinct());
        using var alert = await she.She.GetAsync(new Uri($"/api/alerts/{alertIds[0]}", UriKind.Relative));
        Assert.Single((await alert.ReadJsonAsync())["timeline"]!.AsArray(), entry => entry!["kind"]!.GetValue<string>() == "triggered");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_press_carries_the_callers_trace_into_the_published_event()
    {
        var she = await host.PairedBeneficiaryAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToString();

        using var response = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, traceparent: $"00-{traceId}-0123456789abcdef-01"));

        var alertId = (await response.ReadJsonAsync())["alertId"]!.GetValue<Guid>();
        var (_, _, consumedInTrace) = await published.FirstAsync(m => m.AlertId == alertId);
        Assert.Equal(traceId, consumedInTrace);
    }
}
