using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

public sealed class ListingAlerts(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task Her_operator_sees_the_active_alerts_oldest_first_with_position_and_notification_counts()
    {
        var she = await host.PairedBeneficiaryAsync();
        var (older, newer) = await host.SeparateAlertsAsync(she) is [var first, var second] ? (first, second) : default;
        using var located = await she.She.SendAsync(Locations(newer, Fix(DateTimeOffset.UtcNow, latitude: 45.9)));
        Assert.Equal(HttpStatusCode.OK, located.StatusCode);
        var dispatched = new NotificationDispatched(Guid.CreateVersion7(), DateTimeOffset.UtcNow, she.AssociationId, older,
            Guid.CreateVersion7(), NotificationChannel.Sms, 1, "SM0001");
        await host.PublishAsync(dispatched, dispatched.EventId);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        var items = await Eventually.ValueAsync(async () =>
        {
            var page = await ListAsync(herOperator, "/api/alerts?status=active");
            var list = page["items"]!.AsArray();
            return (list.Count == 2 && list[0]!["notificationsDispatched"]!.GetValue<int>() == 1, list);
        }, "the notification counted in the list");

        Assert.Equal([older, newer], items.Select(i => i!["id"]!.GetValue<Guid>()));
        Assert.Equal(45.9, items[1]!["lastKnownLocation"]!["latitude"]!.GetValue<double>(), 6);
        Assert.All(items, i => Assert.False(i!["duress"]!.GetValue<bool>()));
        Assert.Equal(0, items[0]!["notificationsFailed"]!.GetValue<int>());
        Assert.NotNull(items[0]!["triggeredAt"]);
    }

    [Fact]
    public async Task A_resolved_alert_leaves_the_active_list_for_the_resolved_one()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        await ResolveAsync(herOperator, alertId, new { outcome = "safe" });

        var active = (await ListAsync(herOperator, "/api/alerts?status=active"))["items"]!.AsArray();
        var closed = (await ListAsync(herOperator, "/api/alerts?status=resolved"))["items"]!.AsArray();

        Assert.Empty(active);
        Assert.Equal(alertId, Assert.Single(closed)!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Pages_follow_each_other_by_cursor_without_overlap()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alerts = await host.SeparateAlertsAsync(she, 3);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));

        var first = await ListAsync(herOperator, "/api/alerts?status=active&limit=2");
        var next = first["next"]!.GetValue<Guid>();
        var second = await ListAsync(herOperator, $"/api/alerts?status=active&limit=2&after={next}");

        Guid[] seen = [.. first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["id"]!.GetValue<Guid>())];
        Assert.Equal(alerts, seen);
        Assert.Null(second["next"]);
    }

    [Fact]
    public async Task An_unknown_status_is_a_validation_problem()
    {
        using var anOperator = host.ClientWithToken(host.Tokens.Operator(Guid.CreateVersion7()));

        using var response = await anOperator.GetAsync(new Uri("/api/alerts?status=everything", UriKind.Relative));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["status"]);
    }

    private static async Task<JsonObject> ListAsync(HttpClient client, string uri)
    {
        using var response = await client.GetAsync(new Uri(uri, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
