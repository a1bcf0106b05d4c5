using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Api.Timers;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class UsingASafetyTimer
{
    private const int MaxWrongPins = 3;
    private const string StartId = "timer-start-0001";
    private static readonly DateTimeOffset Due = Now.AddMinutes(45);
    private static readonly Position Where = new(45.7772, 3.0870, 12.5, Captured);
    private static readonly Guid TimerId = SafetyTimer.IdFor(Association, Beneficiary, StartId);
    private static readonly Guid TimerAlertId = Alert.IdFor(Association, Beneficiary, $"timer:{TimerId}");

    private static StartSafetyTimer Start(DateTimeOffset? dueAt = null, string? note = "Meeting him at the café to get my papers",
        bool withLocation = true, Guid? deviceId = null) =>
        new(dueAt ?? Due, note, withLocation ? Location() : null, deviceId);

    private static readonly SafetyTimer Running =
        SafetyTimerEvolution.Evolve(null, StartSafetyTimerSlice.Decide(Start(deviceId: DeviceId), StartId, Association, Beneficiary, Now))!;

    private static SafetyTimer After(SafetyTimer timer, IEnumerable<object> events) => SafetyTimerEvolution.After(timer, events);

    private static CheckInDecision CheckIn(SafetyTimer timer, PinMatch match, Alert? alert = null, DateTimeOffset? at = null) =>
        CheckInSlice.Decide(timer, alert, Beneficiary, match, MaxWrongPins, at ?? Now.AddMinutes(10));

    private static ExtendDecision Extend(SafetyTimer timer, PinMatch match, DateTimeOffset dueAt, DateTimeOffset? at = null) =>
        ExtendSafetyTimerSlice.Decide(timer, Beneficiary, match, dueAt, MaxWrongPins, at ?? Now.AddMinutes(5));

    private static SafetyTimerOutcome Move(SafetyTimer timer, TriggerLocation location, DateTimeOffset at, Alert? alert = null) =>
        UpdateTimerLocationSlice.Decide(timer, alert, Beneficiary, location, LocationSharingSettings.Default.BroadcastInterval, at);

    private static Alert AlertOf(SafetyTimerOutcome outcome) =>
        outcome.AlertEvents.Aggregate(default(Alert), AlertEvolution.Evolve)!;

    [Fact]
    public void A_timer_due_within_24_hours_with_where_she_is_is_valid()
    {
        Assert.Empty(StartSafetyTimerSlice.Validate(Start(), StartId, Now));
        Assert.Empty(StartSafetyTimerSlice.Validate(Start(dueAt: Now.AddHours(24), note: null), StartId, Now));
    }

    [Theory]
    [InlineData(0, "dueAt")]
    [InlineData(-60, "dueAt")]
    [InlineData(24 * 3600 + 1, "dueAt")]
    public void A_due_time_now_in_the_past_or_more_than_24_hours_ahead_is_refused(int secondsFromNow, string field)
    {
        var errors = StartSafetyTimerSlice.Validate(Start(dueAt: Now.AddSeconds(secondsFromNow)), StartId, Now);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_note_longer_than_280_characters_is_refused()
    {
        Assert.Empty(StartSafetyTimerSlice.Validate(Start(note: new string('a', 280)), StartId, Now));
        Assert.Equal(["note"], StartSafetyTimerSlice.Validate(Start(note: new string('a', 281)), StartId, Now).Keys);
    }

    [Fact]
    public void Without_where_she_is_a_timer_is_refused_since_its_alert_would_have_no_position()
    {
        Assert.Equal(["location"], StartSafetyTimerSlice.Validate(Start(withLocation: false), StartId, Now).Keys);
    }

    [Fact]
    public void A_position_must_be_on_earth_and_not_captured_in_the_future()
    {
        var errors = StartSafetyTimerSlice.Validate(Start() with { Location = Location(latitude: 91, capturedAt: Now.AddMinutes(5)) },
            StartId, Now);

        Assert.Equal(["location.capturedAt", "location.latitude"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_start_needs_the_apps_idempotency_key(string? startId)
    {
        Assert.Equal(["Idempotency-Key"], StartSafetyTimerSlice.Validate(Start(), startId, Now).Keys);
    }

    [Fact]
    public void The_same_start_retried_names_the_same_timer()
    {
        var first = StartSafetyTimerSlice.Decide(Start(), StartId, Association, Beneficiary, Now);
        var retry = StartSafetyTimerSlice.Decide(Start(), StartId, Association, Beneficiary, Now.AddSeconds(3));

        Assert.Equal(first.TimerId, retry.TimerId);
        Assert.NotEqual(first.TimerId, StartSafetyTimerSlice.Decide(Start(), "another-start", Association, Beneficiary, Now).TimerId);
        Assert.Equal((SafetyTimerStatus.Active, Due, Where), (Running.Status, Running.DueAt, Running.LastKnownLocation));
    }

    [Fact]
    public void A_note_and_a_position_never_show_in_what_a_log_would_print()
    {
        var started = StartSafetyTimerSlice.Decide(Start(), StartId, Association, Beneficiary, Now);

        Assert.DoesNotContain("café", $"{Start()} {started} {Running} {SafetyTimerSummary.Of(Running, Now)}", StringComparison.Ordinal);
        Assert.DoesNotContain("45.77", $"{Start()} {started} {Running}", StringComparison.Ordinal);
        Assert.DoesNotContain("2580", new CheckInSafetyTimer("2580").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2580", new ExtendSafetyTimer(Due, "2580").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Her_cancel_pin_moves_the_due_time_later()
    {
        var decision = Extend(Running, PinMatch.Cancel, Due.AddMinutes(30));

        Assert.IsType<ExtendDecision.LooksExtended>(decision);
        Assert.Equal([new SafetyTimerExtended(TimerId, Association, Due.AddMinutes(30), Now.AddMinutes(5))], decision.Outcome.TimerEvents);
        Assert.Empty(decision.Outcome.AlertEvents);
        Assert.Equal(Due.AddMinutes(30), After(Running, decision.Outcome.TimerEvents).DueAt);
    }

    [Fact]
    public void An_earlier_due_time_is_not_an_extension_and_the_same_one_again_changes_nothing()
    {
        Assert.Equal(new ExtendDecision.NotLater(SafetyTimerOutcome.Nothing), Extend(Running, PinMatch.Cancel, Due.AddMinutes(-1)));
        Assert.Equal(new ExtendDecision.LooksExtended(SafetyTimerOutcome.Nothing), Extend(Running, PinMatch.Cancel, Due));
    }

    [Fact]
    public void An_extension_must_stay_within_24_hours_of_now()
    {
        Assert.Empty(ExtendSafetyTimerSlice.Validate(new ExtendSafetyTimer(Now.AddHours(5).AddHours(24), "2580"), Now.AddHours(5)));
        Assert.Equal(["dueAt"], ExtendSafetyTimerSlice.Validate(new ExtendSafetyTimer(Now.AddHours(24).AddSeconds(1), "2580"), Now).Keys);
        Assert.Equal(["dueAt"], ExtendSafetyTimerSlice.Validate(new ExtendSafetyTimer(null, "2580"), Now).Keys);
    }

    [Fact]
    public void A_wrong_pin_extends_nothing_and_counts_down_with_check_ins_then_fires_the_alert_never_locking_her_out()
    {
        var first = Assert.IsType<CheckInDecision.WrongPin>(CheckIn(Running, PinMatch.Wrong));
        var timer = After(Running, first.Outcome.TimerEvents);
        var second = Assert.IsType<ExtendDecision.WrongPin>(Extend(timer, PinMatch.Wrong, Due.AddHours(1)));
        timer = After(timer, second.Outcome.TimerEvents);
        var third = Assert.IsType<ExtendDecision.WrongPin>(Extend(timer, PinMatch.Wrong, Due.AddHours(1)));
        timer = After(timer, third.Outcome.TimerEvents);

        Assert.Equal([2, 1, 0], [first.TriesLeft, second.TriesLeft, third.TriesLeft]);
        Assert.Equal([new SafetyTimerWrongPinEntered(TimerId, Association, Now.AddMinutes(5))], second.Outcome.TimerEvents);
        Assert.Equal((SafetyTimerStatus.Expired, SafetyTimerAlertCause.WrongPinsExceeded, Due), (timer.Status, timer.Cause, timer.DueAt));
        Assert.IsType<WrongPinsExceeded>(third.Outcome.AlertEvents[^1]);
    }

    [Fact]
    public void Her_duress_pin_looks_like_an_extension_while_a_duress_alert_goes_out_at_once()
    {
        var at = Now.AddMinutes(5);
        var real = After(Running, Extend(Running, PinMatch.Cancel, Due.AddMinutes(30)).Outcome.TimerEvents);

        var decision = Extend(Running, PinMatch.Duress, Due.AddMinutes(30));

        Assert.IsType<ExtendDecision.LooksExtended>(decision);
        Assert.Equal([new SafetyTimerExpired(TimerId, Association, TimerAlertId, SafetyTimerAlertCause.DuressPin, at),
            new SafetyTimerExtensionShown(TimerId, Association, Due.AddMinutes(30), at)], decision.Outcome.TimerEvents);
        Assert.Equal([new AlertTriggered(TimerAlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, Where, $"timer:{TimerId}",
            at, AlertSource.Timer), new AlertDuressSignalled(TimerAlertId, Association, DuressReason.DuressPin, at, ShownAsCancelled: false)], decision.Outcome.AlertEvents);
        var duress = After(Running, decision.Outcome.TimerEvents);
        Assert.Equal(SafetyTimerReceipt.Of(real, at), SafetyTimerReceipt.Of(duress, at));
        Assert.Equal(new SafetyTimerReceipt(TimerId, Due.AddMinutes(30), SafetyTimerStatus.Active), SafetyTimerReceipt.Of(duress, at));
        Assert.Equal((SafetyTimerStatus.Expired, true), (duress.Status, duress.Duress));
        Assert.Equal(SafetyTimerOutcome.Nothing, SafetyTimerExpiry.Decide(duress, Due.AddHours(1)));
    }

    [Fact]
    public void Her_view_after_a_duress_extension_reads_as_the_real_one_until_its_due_time_then_as_a_real_expiry()
    {
        var (at, extendedTo) = (Now.AddMinutes(5), Due.AddMinutes(30));
        var real = After(Running, Extend(Running, PinMatch.Cancel, extendedTo).Outcome.TimerEvents);
        var duress = After(Running, Extend(Running, PinMatch.Duress, extendedTo).Outcome.TimerEvents);
        var realExpired = After(real, SafetyTimerExpiry.Decide(real, extendedTo).TimerEvents);
        var (before, after) = (extendedTo.AddTicks(-1), extendedTo.AddMinutes(1));

        Assert.Equal(ReadTimersSlice.ViewOf(real, forHer: true, before), ReadTimersSlice.ViewOf(duress, forHer: true, before));
        Assert.Equal(SafetyTimerStatus.Active, ReadTimersSlice.ViewOf(duress, forHer: true, before).Status);
        Assert.Equal(ReadTimersSlice.ViewOf(realExpired, forHer: true, after), ReadTimersSlice.ViewOf(duress, forHer: true, after));
        Assert.Equal((SafetyTimerStatus.Expired, TimerAlertId),
            (ReadTimersSlice.ViewOf(duress, forHer: true, after).Status, ReadTimersSlice.ViewOf(duress, forHer: true, after).AlertId));
        // Her list line, written at the extension, reads the same way as time passes.
        var line = SafetyTimerSummary.Of(duress, at);
        Assert.Equal(SafetyTimerSummary.Of(real, at).ShownAt(before), line.ShownAt(before));
        Assert.Equal(SafetyTimerSummary.Of(realExpired, extendedTo).ShownAt(after), line.ShownAt(after));
        var operators = ReadTimersSlice.ViewOf(duress, forHer: false, before);
        Assert.Equal((SafetyTimerStatus.Expired, TimerAlertId, true), (operators.Status, operators.AlertId, operators.Duress));
    }

    [Fact]
    public void Her_duress_pin_with_an_earlier_due_time_is_refused_as_the_real_one_while_the_alert_goes_out()
    {
        var decision = Extend(Running, PinMatch.Duress, Due.AddMinutes(-1));

        Assert.IsType<ExtendDecision.NotLater>(decision);
        Assert.IsType<AlertDuressSignalled>(decision.Outcome.AlertEvents[^1]);
        Assert.Equal(SafetyTimerReceipt.Of(Running, Now.AddMinutes(6)), SafetyTimerReceipt.Of(After(Running, decision.Outcome.TimerEvents), Now.AddMinutes(6)));
    }

    [Fact]
    public void After_a_duress_extension_her_check_in_answers_as_one_of_a_running_timer()
    {
        var extendedTo = Due.AddMinutes(30);
        var real = After(Running, Extend(Running, PinMatch.Cancel, extendedTo).Outcome.TimerEvents);
        var duress = After(Running, Extend(Running, PinMatch.Duress, extendedTo).Outcome.TimerEvents);
        var alert = AlertOf(Extend(Running, PinMatch.Duress, extendedTo).Outcome);

        var checkIn = CheckIn(duress, PinMatch.Cancel, alert);
        var wrong = CheckIn(duress, PinMatch.Wrong, alert);

        Assert.IsType<CheckInDecision.LooksCheckedIn>(checkIn);
        Assert.Equal([new SafetyTimerCheckInShown(TimerId, Association, Now.AddMinutes(10))], checkIn.Outcome.TimerEvents);
        Assert.Empty(checkIn.Outcome.AlertEvents);
        var at = Now.AddMinutes(11);
        Assert.Equal(ReadTimersSlice.ViewOf(After(real, CheckIn(real, PinMatch.Cancel).Outcome.TimerEvents), forHer: true, at),
            ReadTimersSlice.ViewOf(After(duress, checkIn.Outcome.TimerEvents), forHer: true, at));
        Assert.Equal(2, Assert.IsType<CheckInDecision.WrongPin>(wrong).TriesLeft);
        // Once the due time her phone was shown has passed, a check-in points to the alert, as after a real expiry.
        Assert.Equal(TimerAlertId, Assert.IsType<CheckInDecision.AlreadyFired>(CheckIn(duress, PinMatch.Cancel, alert, extendedTo)).AlertId);
    }

    [Fact]
    public void After_a_duress_extension_it_takes_extensions_and_positions_as_a_running_timer_and_her_positions_reach_the_alert()
    {
        var duressOutcome = Extend(Running, PinMatch.Duress, Due.AddMinutes(30));
        var duress = After(Running, duressOutcome.Outcome.TimerEvents);
        var alert = AlertOf(duressOutcome.Outcome);
        var newer = new Position(45.80, 3.10, 8, Now.AddMinutes(20));

        var again = Extend(duress, PinMatch.Cancel, Due.AddHours(1), Now.AddMinutes(20));
        var moved = Move(duress, Location(45.80, 3.10, 8, newer.CapturedAt), Now.AddMinutes(21), alert);

        Assert.Equal([new SafetyTimerExtensionShown(TimerId, Association, Due.AddHours(1), Now.AddMinutes(20))],
            Assert.IsType<ExtendDecision.LooksExtended>(again).Outcome.TimerEvents);
        Assert.Empty(again.Outcome.AlertEvents);
        Assert.Equal(Due.AddHours(1), SafetyTimerReceipt.Of(After(duress, again.Outcome.TimerEvents), Now.AddMinutes(20)).DueAt);
        var recorded = Assert.IsType<LocationsRecorded>(Assert.Single(moved.AlertEvents));
        Assert.Equal((TimerAlertId, newer, newer), (recorded.AlertId, Assert.Single(recorded.Fixes), recorded.Broadcast));
        Assert.Empty(Move(Running, Location(), Now.AddMinutes(21)).AlertEvents);
    }

    [Fact]
    public void Wrong_pins_after_a_duress_extension_show_her_phone_the_timer_firing_and_tell_her_association()
    {
        var extendedTo = Due.AddMinutes(30);
        var real = After(Running, Extend(Running, PinMatch.Cancel, extendedTo).Outcome.TimerEvents);
        var duressOutcome = Extend(Running, PinMatch.Duress, extendedTo).Outcome;
        var (duress, alert) = (After(Running, duressOutcome.TimerEvents), AlertOf(duressOutcome));
        var triesLeft = new List<int>();
        SafetyTimerOutcome last = SafetyTimerOutcome.Nothing;
        for (var attempt = 0; attempt < MaxWrongPins; attempt++)
        {
            var (wrong, realWrong) = (Assert.IsType<CheckInDecision.WrongPin>(CheckIn(duress, PinMatch.Wrong, alert)),
                Assert.IsType<CheckInDecision.WrongPin>(CheckIn(real, PinMatch.Wrong)));
            (triesLeft, last) = ([.. triesLeft, wrong.TriesLeft], wrong.Outcome);
            (duress, real) = (After(duress, wrong.Outcome.TimerEvents), After(real, realWrong.Outcome.TimerEvents));
        }

        Assert.Equal([2, 1, 0], triesLeft);
        Assert.Equal(new WrongPinsExceeded(TimerAlertId, Association, MaxWrongPins, Now.AddMinutes(10)), Assert.Single(last.AlertEvents));
        var at = Now.AddMinutes(11);
        Assert.Equal(ReadTimersSlice.ViewOf(real, forHer: true, at), ReadTimersSlice.ViewOf(duress, forHer: true, at));
        Assert.Equal(SafetyTimerStatus.Expired, ReadTimersSlice.ViewOf(duress, forHer: true, at).Status);
        Assert.IsType<CheckInDecision.LooksCheckedIn>(CheckIn(duress, PinMatch.Cancel, alert, at));
    }

    [Fact]
    public void A_checked_in_timer_takes_no_extension_nor_position_and_a_duress_one_refuses_them_the_same_way()
    {
        var checkedIn = After(Running, CheckIn(Running, PinMatch.Cancel).Outcome.TimerEvents);
        var duress = After(Running, CheckIn(Running, PinMatch.Duress).Outcome.TimerEvents);

        foreach (var timer in new[] { checkedIn, duress })
        {
            var extend = Assert.Throws<ProblemException>(() => Extend(timer, PinMatch.Cancel, Due.AddHours(1), Now));
            var move = Assert.Throws<ProblemException>(() => Move(timer, Location(), Now));
            Assert.Equal((409, SafetyTimersApi.NotActiveProblem, "This timer is no longer running."), (extend.Status, extend.Type, extend.Title));
            Assert.Equal((extend.Status, extend.Type, extend.Title), (move.Status, move.Type, move.Title));
        }
    }

    [Fact]
    public void Someone_elses_timer_is_answered_as_absent()
    {
        Assert.Equal(404, Assert.Throws<ProblemException>(() => CheckInSlice.Decide(Running, null, OtherBeneficiary, PinMatch.Cancel,
            MaxWrongPins, Now)).Status);
        Assert.Equal(404, Assert.Throws<ProblemException>(() => ExtendSafetyTimerSlice.Decide(Running, OtherBeneficiary, PinMatch.Cancel,
            Due.AddHours(1), MaxWrongPins, Now)).Status);
        Assert.Equal(404, Assert.Throws<ProblemException>(() => UpdateTimerLocationSlice.Decide(null, null, Beneficiary, Location(),
            LocationSharingSettings.Default.BroadcastInterval, Now)).Status);
    }

    [Fact]
    public void Her_cancel_pin_checks_in_and_stops_the_timer_without_an_alert()
    {
        var decision = CheckIn(Running, PinMatch.Cancel);

        Assert.IsType<CheckInDecision.LooksCheckedIn>(decision);
        Assert.Equal([new SafetyTimerCheckedIn(TimerId, Association, Now.AddMinutes(10))], decision.Outcome.TimerEvents);
        Assert.Empty(decision.Outcome.AlertEvents);
        var checkedIn = After(Running, decision.Outcome.TimerEvents);
        Assert.Equal((SafetyTimerStatus.CheckedIn, false), (checkedIn.Status, checkedIn.Duress));
        Assert.Empty(SafetyTimerExpiry.Decide(checkedIn, Due.AddHours(1)).TimerEvents);
    }

    [Fact]
    public void Her_duress_pin_looks_like_a_check_in_while_a_duress_alert_goes_out_at_once()
    {
        var decision = CheckIn(Running, PinMatch.Duress);

        Assert.IsType<CheckInDecision.LooksCheckedIn>(decision);
        var at = Now.AddMinutes(10);
        Assert.Equal([new SafetyTimerExpired(TimerId, Association, TimerAlertId, SafetyTimerAlertCause.DuressPin, at),
            new SafetyTimerCheckInShown(TimerId, Association, at)], decision.Outcome.TimerEvents);
        Assert.Equal([new AlertTriggered(TimerAlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, Where, $"timer:{TimerId}",
            at, AlertSource.Timer), new AlertDuressSignalled(TimerAlertId, Association, DuressReason.DuressPin, at, ShownAsCancelled: false)], decision.Outcome.AlertEvents);
        var timer = After(Running, decision.Outcome.TimerEvents);
        Assert.Equal((SafetyTimerStatus.Expired, SafetyTimerStatus.CheckedIn, true), (timer.Status, timer.ShownToHer(at).Status, timer.Duress));
        Assert.Equal(SafetyTimerSummary.Of(After(Running, CheckIn(Running, PinMatch.Cancel).Outcome.TimerEvents), at).Status,
            SafetyTimerSummary.Of(timer, at).Status);
    }

    [Fact]
    public void A_duress_alert_from_a_timer_reaches_the_association_with_priority_at_its_first_look()
    {
        var alert = AlertOf(CheckIn(Running, PinMatch.Duress).Outcome);

        var first = Escalation.Decide(alert, EscalationPolicy.DefaultFor(Association), alert.TriggeredAt);

        var step = Assert.Single(first.Events);
        Assert.Equal((true, AlertSource.Timer, Where), (step.Priority, step.Source, step.LastKnownLocation));
        Assert.Equal((AlertStatus.Triggered, true), (alert.Status, alert.Duress));
    }

    [Fact]
    public void Wrong_pins_count_down_then_fire_the_alert_marked_as_wrong_pins_never_locking_her_out()
    {
        var timer = Running;
        var triesLeft = new List<int>();
        SafetyTimerOutcome last = SafetyTimerOutcome.Nothing;
        for (var attempt = 0; attempt < MaxWrongPins; attempt++)
        {
            var wrong = Assert.IsType<CheckInDecision.WrongPin>(CheckIn(timer, PinMatch.Wrong));
            triesLeft.Add(wrong.TriesLeft);
            last = wrong.Outcome;
            timer = After(timer, wrong.Outcome.TimerEvents);
        }

        Assert.Equal([2, 1, 0], triesLeft);
        Assert.Equal((SafetyTimerStatus.Expired, SafetyTimerAlertCause.WrongPinsExceeded), (timer.Status, timer.Cause));
        Assert.Equal(new WrongPinsExceeded(TimerAlertId, Association, MaxWrongPins, Now.AddMinutes(10)), last.AlertEvents[^1]);
        var alert = AlertOf(last);
        Assert.Equal((true, true, AlertSource.Timer), (alert.Duress, alert.WrongPinsExceeded, alert.Source));
    }

    [Fact]
    public void After_the_wrong_pins_any_check_in_looks_like_one_and_her_duress_pin_still_reaches_the_association()
    {
        var timer = Running;
        SafetyTimerOutcome fired = SafetyTimerOutcome.Nothing;
        for (var attempt = 0; attempt < MaxWrongPins; attempt++)
        {
            fired = CheckIn(timer, PinMatch.Wrong).Outcome;
            timer = After(timer, fired.TimerEvents);
        }
        var alert = AlertOf(fired);

        var duress = CheckIn(timer, PinMatch.Duress, alert);
        var wrongAgain = CheckIn(timer, PinMatch.Wrong, alert);

        Assert.IsType<CheckInDecision.LooksCheckedIn>(duress);
        Assert.IsType<CheckInDecision.LooksCheckedIn>(wrongAgain);
        Assert.Equal(DuressReason.DuressPin, Assert.IsType<AlertDuressSignalled>(Assert.Single(duress.Outcome.AlertEvents)).Reason);
        Assert.Equal(SafetyTimerStatus.CheckedIn, After(timer, duress.Outcome.TimerEvents).ShownToHer(Now.AddMinutes(11)).Status);
        var shown = After(timer, duress.Outcome.TimerEvents);
        Assert.IsType<CheckInDecision.LooksCheckedIn>(CheckIn(shown, PinMatch.Wrong, alert));
        Assert.Empty(CheckIn(shown, PinMatch.Wrong, alert).Outcome.TimerEvents);
    }

    [Fact]
    public void A_check_in_after_the_timer_ran_out_points_to_the_alert_it_raised()
    {
        var expired = After(Running, SafetyTimerExpiry.Decide(Running, Due).TimerEvents);

        var decision = CheckIn(expired, PinMatch.Cancel, at: Due.AddMinutes(1));

        Assert.Equal(TimerAlertId, Assert.IsType<CheckInDecision.AlreadyFired>(decision).AlertId);
        Assert.Empty(decision.Outcome.TimerEvents);
    }

    [Fact]
    public void Before_its_due_time_a_timer_does_not_fire()
    {
        Assert.Equal(SafetyTimerOutcome.Nothing, SafetyTimerExpiry.Decide(Running, Due.AddTicks(-1)));
    }

    [Fact]
    public void At_its_due_time_it_fires_once_a_long_press_alert_from_the_timer()
    {
        var firing = SafetyTimerExpiry.Decide(Running, Due.AddSeconds(1));
        var expired = After(Running, firing.TimerEvents);

        Assert.Equal([new SafetyTimerExpired(TimerId, Association, TimerAlertId, SafetyTimerAlertCause.DueTimePassed, Due.AddSeconds(1))],
            firing.TimerEvents);
        var triggered = Assert.IsType<AlertTriggered>(Assert.Single(firing.AlertEvents));
        Assert.Equal((TimerAlertId, AlertSource.Timer, PressPattern.LongPress, DeviceId, Where),
            (triggered.AlertId, triggered.Source, triggered.PressPattern, triggered.DeviceId, triggered.Location));
        Assert.Equal(SafetyTimerOutcome.Nothing, SafetyTimerExpiry.Decide(expired, Due.AddSeconds(2)));
        Assert.False(expired.Duress);
    }

    [Fact]
    public void A_timer_started_without_a_device_raises_its_alert_with_an_empty_device_id()
    {
        var withoutDevice = SafetyTimerEvolution.Evolve(null, StartSafetyTimerSlice.Decide(Start(), StartId, Association, Beneficiary, Now))!;

        var triggered = Assert.IsType<AlertTriggered>(Assert.Single(SafetyTimerExpiry.Decide(withoutDevice, Due).AlertEvents));

        Assert.Equal(Guid.Empty, triggered.DeviceId);
    }

    [Fact]
    public void An_extended_timer_does_not_fire_at_its_old_due_time()
    {
        var extended = After(Running, Extend(Running, PinMatch.Cancel, Due.AddMinutes(30), Now).Outcome.TimerEvents);

        Assert.Empty(SafetyTimerExpiry.Decide(extended, Due.AddMinutes(1)).TimerEvents);
        Assert.Single(SafetyTimerExpiry.Decide(extended, Due.AddMinutes(30)).TimerEvents);
    }

    [Fact]
    public void A_timer_that_fired_on_a_duress_never_fires_again()
    {
        var duress = After(Running, CheckIn(Running, PinMatch.Duress).Outcome.TimerEvents);

        Assert.Equal(SafetyTimerOutcome.Nothing, SafetyTimerExpiry.Decide(duress, Due.AddHours(1)));
    }

    [Fact]
    public void The_alert_starts_from_the_position_captured_last_not_the_one_that_arrived_last()
    {
        var newer = new Position(45.80, 3.10, 8, Now.AddMinutes(20));
        var older = new Position(45.70, 3.00, 8, Now.AddMinutes(15));
        var moved = After(Running, [
            .. Move(Running, Location(45.80, 3.10, 8, newer.CapturedAt), Now.AddMinutes(21)).TimerEvents,
            .. Move(Running, Location(45.70, 3.00, 8, older.CapturedAt), Now.AddMinutes(22)).TimerEvents,
        ]);

        var triggered = Assert.IsType<AlertTriggered>(Assert.Single(SafetyTimerExpiry.Decide(moved, Due).AlertEvents));

        Assert.Equal(newer, moved.LastKnownLocation);
        Assert.Equal(newer, triggered.Location);
    }

    [Fact]
    public void Her_view_after_a_duress_check_in_reads_as_a_real_check_in_while_operators_see_the_alert()
    {
        var checkedIn = After(Running, CheckIn(Running, PinMatch.Cancel).Outcome.TimerEvents);
        var duress = After(Running, CheckIn(Running, PinMatch.Duress).Outcome.TimerEvents);

        Assert.Equal(ReadTimersSlice.ViewOf(checkedIn, forHer: true, Now), ReadTimersSlice.ViewOf(duress, forHer: true, Now));
        var operators = ReadTimersSlice.ViewOf(duress, forHer: false, Now);
        Assert.Equal((SafetyTimerStatus.Expired, TimerAlertId, true, Where),
            (operators.Status, operators.AlertId, operators.Duress, operators.LastKnownLocation));
    }

    [Fact]
    public void Her_operators_see_no_position_until_the_timer_raises_an_alert()
    {
        var operators = ReadTimersSlice.ViewOf(Running, forHer: false, Now);

        Assert.Null(operators.LastKnownLocation);
        Assert.Equal(Where, ReadTimersSlice.ViewOf(Running, forHer: true, Now).LastKnownLocation);
        Assert.Equal("Meeting him at the café to get my papers", operators.Note);
        Assert.Null(ReadTimersSlice.ViewOf(Running, forHer: true, Now).Duress);
    }
}
