using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class ListingAlerts
{
    private static readonly Position Where = new(45.7772, 3.0870, 12.5, Captured);

    private static AlertSummary Summary(int secondsAgo, bool duress = false, Guid? id = null, bool unanswered = false) =>
        new(id ?? Guid.NewGuid(), Beneficiary, AlertStatus.Triggered, duress, Now.AddSeconds(-secondsAgo), Where, 0, 0,
            Unanswered: unanswered, Urgent: duress || unanswered);

    [Fact]
    public void Duress_and_unanswered_alerts_come_first_then_the_oldest()
    {
        var recent = Summary(10);
        var oldest = Summary(300);
        var duress = Summary(5, duress: true);
        var unanswered = Summary(700, unanswered: true);

        Assert.Equal([unanswered, duress, oldest, recent], ListAlertsSlice.InListOrder([recent, oldest, duress, unanswered]));
    }

    [Fact]
    public void Alerts_triggered_at_the_same_instant_are_ordered_by_id_so_pages_never_overlap()
    {
        var second = Summary(10, id: new Guid("00000000-0000-0000-0000-000000000002"));
        var first = Summary(10, id: new Guid("00000000-0000-0000-0000-000000000001"));

        Assert.Equal([first, second], ListAlertsSlice.InListOrder([second, first]));
    }

    [Fact]
    public void The_summary_shows_what_the_stream_adds_up_to()
    {
        var alertId = Alert.IdFor(Association, Beneficiary, PressId);
        object[] history =
        [
            new AlertTriggered(alertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, Where, PressId, Now),
            new ContactNotified(alertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "SM1", Now.AddSeconds(2)),
            new ContactNotificationFailed(alertId, Guid.NewGuid(), NotificationChannel.Voice, 1, "busy", Now.AddSeconds(3)),
            new AlertResolved(alertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now.AddMinutes(5)),
        ];

        var summary = AlertSummary.Of(history.Aggregate(default(Alert), AlertEvolution.Evolve)!);

        Assert.Equal(new AlertSummary(alertId, Beneficiary, AlertStatus.Resolved, false, Now, Where, 1, 1, Response: AlertResponse.FullAlert), summary);
    }

    [Fact]
    public void The_summary_keeps_the_trigger_time_as_precisely_as_the_database_does()
    {
        var alertId = Alert.IdFor(Association, Beneficiary, PressId);
        var at = Now.AddTicks(1234567);

        var summary = AlertSummary.Of(AlertEvolution.Evolve(null,
            new AlertTriggered(alertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, Where, PressId, at))!);

        Assert.Equal(Now.AddTicks(1234560), summary.TriggeredAt);
    }

    [Theory]
    [InlineData(null, null, new string[0])]
    [InlineData("active", 50, new string[0])]
    [InlineData("resolved", 100, new string[0])]
    [InlineData("everything", null, new[] { "status" })]
    [InlineData(null, 0, new[] { "limit" })]
    [InlineData(null, 101, new[] { "limit" })]
    public void The_list_takes_a_status_and_a_limit_of_1_to_100(string? status, int? limit, string[] invalid)
    {
        Assert.Equal(invalid, ListAlertsSlice.Validate(status, limit).Keys);
    }
}
