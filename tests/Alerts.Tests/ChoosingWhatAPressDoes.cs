using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.ChoosingPressPatterns;
using Platform.Alerts.Api.Alerts.Drilling;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class ChoosingWhatAPressDoes
{
    [Theory]
    [InlineData(PressPattern.SingleClick, AlertResponse.CallMeWithAnExcuse, false)]
    [InlineData(PressPattern.DoubleClick, AlertResponse.FullAlert, false)]
    [InlineData(PressPattern.LongPress, AlertResponse.FullAlert, true)]
    public void By_default_one_click_asks_for_a_call_two_raise_the_alert_and_a_long_press_also_records(PressPattern pattern,
        AlertResponse response, bool records)
    {
        var triggered = TriggerAlertSlice.Decide(Press(pressPattern: pattern), PressId, Association, Beneficiary, HerButton(), Now);

        Assert.Equal((response, records), (triggered.Response, triggered.StartRecording));
    }

    [Fact]
    public void Her_own_choice_replaces_the_default()
    {
        var hers = new PressPatternSettings(Beneficiary, PressAction.FullAlertAndRecord, PressAction.CallMeWithAnExcuse, PressAction.FullAlert);

        var single = TriggerAlertSlice.Decide(Press(pressPattern: PressPattern.SingleClick), PressId, Association, Beneficiary, HerButton(), Now, hers);
        var dbl = TriggerAlertSlice.Decide(Press(pressPattern: PressPattern.DoubleClick), PressId, Association, Beneficiary, HerButton(), Now, hers);

        Assert.Equal((AlertResponse.FullAlert, true), (single.Response, single.StartRecording));
        Assert.Equal((AlertResponse.CallMeWithAnExcuse, false), (dbl.Response, dbl.StartRecording));
    }

    [Fact]
    public void At_least_one_press_must_raise_a_full_alert()
    {
        var errors = PressPatternsSlice.Validate(new PressPatternsView(PressAction.CallMeWithAnExcuse, PressAction.CallMeWithAnExcuse,
            PressAction.CallMeWithAnExcuse));

        Assert.Contains("pressPatterns", errors.Keys);
        Assert.Empty(PressPatternsSlice.Validate(new PressPatternsView(PressAction.CallMeWithAnExcuse, PressAction.FullAlert,
            PressAction.CallMeWithAnExcuse)));
        Assert.Contains("longPress", PressPatternsSlice.Validate(new PressPatternsView(PressAction.FullAlert, PressAction.FullAlert, null)).Keys);
    }

    [Fact]
    public void The_source_and_the_button_snapshot_are_kept_with_the_alert()
    {
        var command = Press() with { Source = AlertSource.Drill, Device = new TriggerDevice(14, -81) };

        var triggered = TriggerAlertSlice.Decide(command, PressId, Association, Beneficiary, HerButton(), Now);

        Assert.Equal(AlertSource.Drill, triggered.Source);
        Assert.Equal(new DeviceSnapshot(14, -81), triggered.Device);
        Assert.Equal(AlertSource.Button, TriggerAlertSlice.Decide(Press(), PressId, Association, Beneficiary, HerButton(), Now).Source);
    }

    [Theory]
    [InlineData(AlertSource.Timer)]
    [InlineData(AlertSource.SmsFallback)]
    public void A_client_cannot_claim_a_source_only_the_platform_raises(AlertSource source)
    {
        Assert.Contains("source", TriggerAlertSlice.Validate(Press() with { Source = source }, PressId).Keys);
    }

    [Fact]
    public void A_snapshot_out_of_range_is_refused()
    {
        var errors = TriggerAlertSlice.Validate(Press() with { Device = new TriggerDevice(101, 5) }, PressId);

        Assert.Contains("device.batteryPercent", errors.Keys);
        Assert.Contains("device.signalDbm", errors.Keys);
    }

    private static AlertSummary Summary(Guid id, AlertSource source, double secondsAgo, AlertStatus status = AlertStatus.Triggered,
        AlertResponse response = AlertResponse.FullAlert) =>
        new(id, Beneficiary, status, false, Now.AddSeconds(-secondsAgo), new Position(45.7, 3.1, 10, Now), 0, 0, false, source, response);

    private static readonly TimeSpan Window = TriggerAlertSlice.SamePressWindow;

    [Fact]
    public void The_same_press_by_sms_joins_the_alert_its_data_path_raised_within_the_window()
    {
        var byData = Guid.NewGuid();

        Assert.Equal(byData, TriggerAlertSlice.AlertToJoin([Summary(byData, AlertSource.Button, 30)], AlertSource.SmsFallback,
            AlertResponse.FullAlert, Now, Window));
        Assert.Equal(byData, TriggerAlertSlice.AlertToJoin([Summary(byData, AlertSource.SmsFallback, 30)], AlertSource.App,
            AlertResponse.FullAlert, Now, Window));
    }

    [Fact]
    public void Pressing_again_within_the_window_joins_her_running_alert_instead_of_texting_everyone_again()
    {
        var running = Guid.NewGuid();

        Assert.Equal(running, TriggerAlertSlice.AlertToJoin([Summary(running, AlertSource.Button, 30)], AlertSource.Button,
            AlertResponse.FullAlert, Now, Window));
        // A discreet "call me" pressed during a full alert adds nothing to it.
        Assert.Equal(running, TriggerAlertSlice.AlertToJoin([Summary(running, AlertSource.Button, 30)], AlertSource.Button,
            AlertResponse.CallMeWithAnExcuse, Now, Window));
    }

    [Fact]
    public void A_full_press_never_joins_a_discreet_call_me_it_raises_the_full_alert()
    {
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.Button, 30, response: AlertResponse.CallMeWithAnExcuse)],
            AlertSource.Button, AlertResponse.FullAlert, Now, Window));
    }

    [Fact]
    public void With_her_running_alerts_at_the_limit_any_press_joins_the_latest_whatever_its_age()
    {
        var latest = Guid.NewGuid();
        AlertSummary[] running = [Summary(Guid.NewGuid(), AlertSource.Button, 3600), Summary(latest, AlertSource.App, 600),
            Summary(Guid.NewGuid(), AlertSource.Button, 1800)];

        Assert.Equal(latest, TriggerAlertSlice.AlertToJoin(running, AlertSource.Button, AlertResponse.FullAlert, Now, Window));
        Assert.Null(TriggerAlertSlice.AlertToJoin(running[..2], AlertSource.Button, AlertResponse.FullAlert, Now, Window));
    }

    [Fact]
    public void Presses_outside_the_window_after_the_end_or_from_drills_and_timers_do_not_join()
    {
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.Button, 121)], AlertSource.SmsFallback,
            AlertResponse.FullAlert, Now, Window));
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.Button, 30, AlertStatus.Cancelled)],
            AlertSource.SmsFallback, AlertResponse.FullAlert, Now, Window));
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.Drill, 30)], AlertSource.SmsFallback,
            AlertResponse.FullAlert, Now, Window));
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.SmsFallback, 30)], AlertSource.Drill,
            AlertResponse.FullAlert, Now, Window));
        Assert.Null(TriggerAlertSlice.AlertToJoin([Summary(Guid.NewGuid(), AlertSource.Timer, 30)], AlertSource.Button,
            AlertResponse.FullAlert, Now, Window));
    }

    [Fact]
    public void An_sms_fallback_code_dated_in_the_future_is_dated_when_it_was_received()
    {
        var press = new SmsFallbackPressReceived(Guid.NewGuid(), Now, Association, Beneficiary, PressId, PressPattern.DoubleClick,
            new AlertLocation(45.7772, 3.0870, 30, Now.AddMinutes(50)));

        var triggered = SmsFallbackPressConsumer.Decide(press, DeviceId, null);

        Assert.Equal((Now, true), (triggered.Location.CapturedAt, triggered.CaptureTimeReplaced));
    }

    [Theory]
    [InlineData(-3600, false)]
    [InlineData(60, false)]
    [InlineData(61, true)]
    [InlineData(86_400, true)]
    public void A_capture_time_is_believed_up_to_a_minute_ahead_of_the_servers_clock(int secondsAhead, bool replaced)
    {
        var (position, wasReplaced) = Position.OfPress(45.7772, 3.0870, 12, Now.AddSeconds(secondsAhead), Now);

        Assert.Equal(replaced, wasReplaced);
        Assert.Equal(replaced ? Now : Now.AddSeconds(secondsAhead), position.CapturedAt);
    }

    [Fact]
    public void An_sms_fallback_press_follows_her_press_patterns_and_says_where_it_came_from()
    {
        var press = new SmsFallbackPressReceived(Guid.NewGuid(), Now, Association, Beneficiary, PressId, PressPattern.LongPress,
            new AlertLocation(45.7772, 3.0870, 30, Captured));

        var triggered = SmsFallbackPressConsumer.Decide(press, DeviceId, null);

        Assert.Equal(Alert.IdFor(Association, Beneficiary, PressId), triggered.AlertId);
        Assert.Equal((AlertSource.SmsFallback, AlertResponse.FullAlert, true), (triggered.Source, triggered.Response, triggered.StartRecording));
        Assert.Equal(new Position(45.7772, 3.0870, 30, Captured), triggered.Location);
    }

    [Fact]
    public void A_drill_report_gives_each_contact_sent_delivered_and_acknowledged_with_their_delays()
    {
        var alertId = Alert.IdFor(Association, Beneficiary, PressId);
        var (amina, jules) = (Guid.NewGuid(), Guid.NewGuid());
        object[] history =
        [
            new AlertTriggered(alertId, Association, Beneficiary, DeviceId, PressPattern.DoubleClick, new Position(45.7, 3.1, 10, Now),
                PressId, Now, AlertSource.Drill),
            new ContactNotified(alertId, amina, NotificationChannel.Sms, 1, "SM1", Now.AddSeconds(1.5)),
            new ContactNotified(alertId, jules, NotificationChannel.Sms, 1, "SM2", Now.AddSeconds(1.6)),
            new ContactNotificationDelivered(alertId, amina, NotificationChannel.Sms, 1, Now.AddSeconds(4)),
            new ContactNotificationFailed(alertId, jules, NotificationChannel.Voice, 2, "twilio-21614", Now.AddSeconds(61)),
            new ResponderAcknowledged(alertId, Association, amina, ResponderKind.Contact, "Amina", NotificationChannel.Sms, Now.AddSeconds(42)),
        ];
        var alert = history.Aggregate(default(Alert), AlertEvolution.Evolve)!;

        var report = DrillReportSlice.Report(alert, history);

        var first = report.Contacts.Single(c => c.ContactId == amina);
        var second = report.Contacts.Single(c => c.ContactId == jules);
        Assert.Equal(("Amina", 1.5, 4.0, 42.0), (first.Name, first.SentAfterSeconds, first.DeliveredAfterSeconds, first.AcknowledgedAfterSeconds));
        Assert.Equal((1.6, (double?)null, (double?)null, "twilio-21614"),
            (second.SentAfterSeconds, second.DeliveredAfterSeconds, second.AcknowledgedAfterSeconds, second.FailedReason));
    }
}
