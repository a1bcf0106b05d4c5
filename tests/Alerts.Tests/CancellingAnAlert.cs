using JasperFx.Events;
using Platform.Alerts.Api;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.ChoosingPins;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertCancelled = Platform.Alerts.Api.Alerts.AlertCancelled;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;
using Contract = Platform.Alerts.Contracts;

namespace Platform.Alerts.Tests;

public sealed class CancellingAnAlert
{
    private const int MaxWrongPins = 3;
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Position Where = new(45.7772, 3.0870, 12.5, Captured);
    private static readonly Alert Active = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
        PressPattern.LongPress, Where, PressId, Now))!;
    private static readonly AlertPins Pins = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

    private static CancelDecision Decide(Alert alert, PinMatch match) =>
        CancelAlertSlice.Decide(alert, Beneficiary, match, MaxWrongPins, Now);

    private static Alert After(Alert alert, params object[] events) => events.Aggregate(alert, (state, e) => AlertEvolution.Evolve(state, e)!);

    [Theory]
    [InlineData("2580", PinMatch.Cancel)]
    [InlineData("1470", PinMatch.Duress)]
    [InlineData("0000", PinMatch.Wrong)]
    [InlineData("", PinMatch.Wrong)]
    [InlineData(null, PinMatch.Wrong)]
    public void A_pin_is_matched_against_both_of_her_pins(string? pin, PinMatch match)
    {
        Assert.Equal(match, PinGuard.Match(Pins, pin));
    }

    [Fact]
    public void The_cancel_pin_cancels_the_alert()
    {
        var decision = Decide(Active, PinMatch.Cancel);

        var looksCancelled = Assert.IsType<CancelDecision.LooksCancelled>(decision);
        Assert.Equal([new AlertCancelled(AlertId, Association, Beneficiary, Now)], looksCancelled.Events);
        Assert.Equal(AlertStatus.Cancelled, After(Active, [.. decision.Events]).Status);
    }

    [Fact]
    public void A_cancel_is_published_so_her_contacts_are_told_she_is_safe()
    {
        var outgoing = Assert.Single(AlertsOutbox.Map(Committed(new AlertCancelled(AlertId, Association, Beneficiary, Now))));

        Assert.Equal(new Contract.AlertCancelled(outgoing.MessageId, Now, Association, AlertId, Beneficiary), outgoing.Message);
    }

    [Fact]
    public void The_duress_pin_looks_like_a_cancel_but_the_alert_goes_on_as_a_duress()
    {
        var decision = Decide(Active, PinMatch.Duress);

        Assert.IsType<CancelDecision.LooksCancelled>(decision);
        Assert.Equal([new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now)], decision.Events);
        var alert = After(Active, [.. decision.Events]);
        Assert.Equal((AlertStatus.Triggered, true, AlertStatus.Cancelled), (alert.Status, alert.Duress, alert.StatusShownToHer));
    }

    [Fact]
    public void A_duress_tells_the_association_and_nothing_that_says_cancelled()
    {
        var outgoing = Assert.Single(AlertsOutbox.Map(Committed(new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now))));

        Assert.Equal(new Contract.AlertDuressRaised(outgoing.MessageId, Now, Association, AlertId, DuressReason.DuressPin), outgoing.Message);
    }

    [Fact]
    public void A_duress_alert_sorts_first_in_the_operators_list()
    {
        var summary = AlertSummary.Of(After(Active, new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now)));

        Assert.Equal((AlertStatus.Triggered, true), (summary.Status, summary.Duress));
    }

    [Fact]
    public void Her_timeline_shows_a_duress_exactly_as_a_cancel_and_the_operators_see_the_duress()
    {
        var cancelled = Committed(new AlertCancelled(AlertId, Association, Beneficiary, Now));
        var duress = Committed(new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now));

        Assert.Equal(GetAlertSlice.ToTimelineEntry(cancelled, forHer: true), GetAlertSlice.ToTimelineEntry(duress, forHer: true));
        Assert.Equal("duress", GetAlertSlice.ToTimelineEntry(duress, forHer: false)!.Kind);
    }

    [Fact]
    public void Wrong_pins_are_hidden_from_her_timeline()
    {
        Assert.Null(GetAlertSlice.ToTimelineEntry(Committed(new WrongPinEntered(AlertId, Association, Now)), forHer: true));
        Assert.Null(GetAlertSlice.ToTimelineEntry(Committed(new WrongPinsExceeded(AlertId, Association, 3, Now)), forHer: true));
        Assert.Equal("wrong-pin", GetAlertSlice.ToTimelineEntry(Committed(new WrongPinEntered(AlertId, Association, Now)), forHer: false)!.Kind);
    }

    [Fact]
    public void A_wrong_pin_is_refused_with_the_tries_left()
    {
        var decision = Assert.IsType<CancelDecision.WrongPin>(Decide(Active, PinMatch.Wrong));

        Assert.Equal(MaxWrongPins - 1, decision.TriesLeft);
        Assert.Equal([new WrongPinEntered(AlertId, Association, Now)], decision.Events);
    }

    [Fact]
    public void The_last_wrong_pin_escalates_the_alert_instead_of_locking_it()
    {
        var twice = After(Active, new WrongPinEntered(AlertId, Association, Now), new WrongPinEntered(AlertId, Association, Now));

        var decision = Assert.IsType<CancelDecision.WrongPin>(Decide(twice, PinMatch.Wrong));

        Assert.Equal(0, decision.TriesLeft);
        Assert.Equal(new WrongPinsExceeded(AlertId, Association, 3, Now), decision.Events[^1]);
        var escalated = After(twice, [.. decision.Events]);
        Assert.Equal((AlertStatus.Triggered, true, true), (escalated.Status, escalated.Duress, escalated.WrongPinsExceeded));
    }

    [Fact]
    public void The_escalation_is_published_as_a_duress_for_the_association()
    {
        var outgoing = Assert.Single(AlertsOutbox.Map(Committed(new WrongPinsExceeded(AlertId, Association, 3, Now))));

        Assert.Equal(new Contract.AlertDuressRaised(outgoing.MessageId, Now, Association, AlertId, DuressReason.WrongPinsExceeded),
            outgoing.Message);
    }

    [Theory]
    [InlineData(PinMatch.Cancel, DuressReason.WrongPinsExceeded)]
    [InlineData(PinMatch.Wrong, DuressReason.WrongPinsExceeded)]
    [InlineData(PinMatch.Duress, DuressReason.DuressPin)]
    public void After_the_escalation_any_cancel_looks_like_a_cancel_and_the_alert_goes_on(PinMatch match, DuressReason reason)
    {
        var escalated = After(Active, new WrongPinsExceeded(AlertId, Association, 3, Now));

        var decision = Assert.IsType<CancelDecision.LooksCancelled>(Decide(escalated, match));

        Assert.Equal([new AlertDuressSignalled(AlertId, Association, reason, Now)], decision.Events);
        Assert.Equal(AlertStatus.Triggered, After(escalated, [.. decision.Events]).Status);
    }

    [Fact]
    public void A_cancel_after_the_escalation_publishes_nothing_new()
    {
        Assert.Empty(AlertsOutbox.Map(Committed(new AlertDuressSignalled(AlertId, Association, DuressReason.WrongPinsExceeded, Now))));
    }

    [Theory]
    [InlineData(PinMatch.Cancel)]
    [InlineData(PinMatch.Duress)]
    [InlineData(PinMatch.Wrong)]
    public void Cancelling_a_cancelled_resolved_or_duress_alert_answers_like_the_first_cancel_and_records_nothing(PinMatch match)
    {
        Alert[] over =
        [
            After(Active, new AlertCancelled(AlertId, Association, Beneficiary, Now)),
            After(Active, new AlertResolved(AlertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now)),
            After(Active, new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now)),
        ];

        Assert.All(over, alert => Assert.Equal(new CancelDecision.LooksCancelled([]), Decide(alert, match), new SameDecision()));
    }

    [Fact]
    public void Someone_elses_alert_is_not_found()
    {
        var refused = Assert.Throws<ProblemException>(() => CancelAlertSlice.Decide(Active, OtherBeneficiary, PinMatch.Cancel, 3, Now));

        Assert.Equal(404, refused.Status);
    }

    [Fact]
    public void After_a_duress_her_location_posts_are_answered_as_for_a_cancelled_alert()
    {
        var duress = After(Active, new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now));
        var cancelled = After(Active, new AlertCancelled(AlertId, Association, Beneficiary, Now));
        Position[] fix = [new(45.78, 3.09, 8, Now)];

        var keptSilently = RecordLocationsSlice.Decide(duress, Beneficiary, fix, Now, LocationSharingSettings.Default);
        var refused = Assert.Throws<ProblemException>(() =>
            RecordLocationsSlice.Decide(cancelled, Beneficiary, fix, Now, LocationSharingSettings.Default));

        Assert.IsType<LocationDecision.Recorded>(keptSilently);
        Assert.Equal((409, RecordLocationsSlice.AlertClosedProblem), (refused.Status, refused.Type));
    }

    private sealed class SameDecision : IEqualityComparer<CancelDecision>
    {
        public bool Equals(CancelDecision? x, CancelDecision? y) =>
            x?.GetType() == y?.GetType() && x!.Events.SequenceEqual(y!.Events);

        public int GetHashCode(CancelDecision obj) => obj.GetType().GetHashCode();
    }

    private static Event<T> Committed<T>(T data)
        where T : notnull =>
        new(data) { Id = Guid.NewGuid(), Version = 2, StreamId = AlertId };

    [Theory]
    [InlineData(PinMatch.Cancel)]
    [InlineData(PinMatch.Duress)]
    public void After_a_duress_at_her_safety_timer_any_right_pin_only_looks_like_a_cancel(PinMatch match)
    {
        var duressAtTimer = After(Active, new AlertDuressSignalled(AlertId, Association, DuressReason.DuressPin, Now, ShownAsCancelled: false));

        var decision = Decide(duressAtTimer, match);

        var signalled = Assert.IsType<AlertDuressSignalled>(Assert.Single(Assert.IsType<CancelDecision.LooksCancelled>(decision).Events));
        Assert.True(signalled.ShownAsCancelled);
        Assert.Equal(AlertStatus.Triggered, After(duressAtTimer, signalled).Status);
        Assert.Null(duressAtTimer.CancelShownAt);
        Assert.IsType<CancelDecision.WrongPin>(Decide(duressAtTimer, PinMatch.Wrong));
    }
}
