using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class EvolvingAnAlert
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Position Where = new(45.7772, 3.0870, 12.5, Captured);
    private static readonly AlertTriggered Triggered = new(AlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, Where,
        PressId, Now);

    [Fact]
    public void A_trigger_makes_a_triggered_alert_with_nothing_sent_yet()
    {
        var alert = AlertEvolution.Evolve(null, Triggered);

        Assert.Equal(new Alert(AlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, AlertStatus.Triggered, Now, Where, 0, 0),
            alert);
    }

    [Fact]
    public void Outcomes_are_counted_by_kind()
    {
        object[] history =
        [
            Triggered,
            new ContactNotified(AlertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "SM1", Now.AddSeconds(2)),
            new ContactNotified(AlertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "SM2", Now.AddSeconds(3)),
            new ContactNotificationFailed(AlertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "twilio-21211", Now.AddSeconds(3)),
        ];

        var alert = history.Aggregate(default(Alert), AlertEvolution.Evolve);

        Assert.Equal((2, 1), (alert!.NotificationsDispatched, alert.NotificationsFailed));
    }

    [Fact]
    public void An_outcome_without_a_trigger_makes_no_alert()
    {
        var alert = AlertEvolution.Evolve(null, new ContactNotified(AlertId, Guid.NewGuid(), NotificationChannel.Sms, 1, "SM1", Now));

        Assert.Null(alert);
    }

    [Fact]
    public void A_second_trigger_does_not_reset_the_alert()
    {
        var alert = AlertEvolution.Evolve(null, Triggered)! with { NotificationsDispatched = 3 };

        Assert.Same(alert, AlertEvolution.Evolve(alert, Triggered with { At = Now.AddMinutes(1) }));
    }
}
