using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;
using Contract = Platform.Alerts.Contracts;

namespace Platform.Alerts.Tests;

public sealed class SharingLocation
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Position AtPress = new(45.7772, 3.0870, 12.5, Captured);
    private static readonly AlertTriggered Triggered = new(AlertId, Association, Beneficiary, DeviceId, PressPattern.LongPress, AtPress,
        PressId, Now);
    private static readonly Alert Active = AlertEvolution.Evolve(null, Triggered)!;
    private static readonly LocationSharingSettings Settings = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

    private static Position Fix(int secondsAfterPress, double latitude = 45.78) => new(latitude, 3.09, 8, Captured.AddSeconds(secondsAfterPress));

    private static LocationsRecorded Record(Alert alert, DateTimeOffset now, params Position[] fixes) =>
        Assert.IsType<LocationDecision.Recorded>(RecordLocationsSlice.Decide(alert, Beneficiary, fixes, now, Settings)).Event;

    [Fact]
    public void Fixes_are_stored_in_capture_order_and_the_newest_becomes_last_known()
    {
        var recorded = Record(Active, Now, Fix(9), Fix(3), Fix(6));

        Assert.Equal([Fix(3), Fix(6), Fix(9)], recorded.Fixes);
        Assert.Equal(Fix(9), AlertEvolution.Evolve(Active, recorded)!.LastKnownLocation);
    }

    [Fact]
    public void A_late_fix_joins_the_trail_but_never_moves_last_known_backwards()
    {
        var alert = AlertEvolution.Evolve(Active, Record(Active, Now, Fix(20)))!;

        var late = Record(alert, Now.AddSeconds(5), Fix(10));
        var after = AlertEvolution.Evolve(alert, late)!;

        Assert.Equal(Fix(20), after.LastKnownLocation);
        Assert.Equal([AtPress, Fix(10), Fix(20)], LocationTrail.Of([Triggered, Record(Active, Now, Fix(20)), late]));
    }

    [Fact]
    public void The_first_batch_of_an_alert_is_never_throttled()
    {
        Assert.Null(RecordLocationsSlice.RetryAfter(null, Now, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_batch_sooner_than_the_interval_is_sent_back_with_how_long_to_wait()
    {
        var alert = AlertEvolution.Evolve(Active, Record(Active, Now, Fix(1)))!;

        var decision = RecordLocationsSlice.Decide(alert, Beneficiary, [Fix(2)], Now.AddMilliseconds(500), Settings);

        Assert.Equal(new LocationDecision.Throttled(TimeSpan.FromMilliseconds(1500)), decision);
    }

    [Fact]
    public void A_batch_after_the_interval_is_stored()
    {
        var alert = AlertEvolution.Evolve(Active, Record(Active, Now, Fix(1)))!;

        Assert.IsType<LocationDecision.Recorded>(RecordLocationsSlice.Decide(alert, Beneficiary, [Fix(2)], Now.AddSeconds(2), Settings));
    }

    [Fact]
    public void A_clock_stepped_back_never_holds_a_batch_for_more_than_one_interval()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), RecordLocationsSlice.RetryAfter(Now, Now.AddMinutes(-5), TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void Location_updates_are_published_at_most_once_per_interval_of_capture_time()
    {
        var first = Record(Active, Now, Fix(1));
        var alert = AlertEvolution.Evolve(Active, first)!;
        var soon = Record(alert, Now.AddSeconds(2), Fix(5));
        alert = AlertEvolution.Evolve(alert, soon)!;
        var later = Record(alert, Now.AddSeconds(4), Fix(11), Fix(12));

        Assert.Equal((Fix(1), (Position?)null, Fix(12)), (first.Broadcast, soon.Broadcast, later.Broadcast));
    }

    [Fact]
    public void Only_late_fixes_are_not_published()
    {
        var alert = AlertEvolution.Evolve(Active, Record(Active, Now, Fix(30)))!;

        Assert.Null(Record(alert, Now.AddSeconds(60), Fix(5)).Broadcast);
    }

    [Fact]
    public void A_resolved_alert_refuses_new_fixes()
    {
        var closed = AlertEvolution.Evolve(Active, new AlertResolved(AlertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now))!;

        var refused = Assert.Throws<ProblemException>(() => RecordLocationsSlice.Decide(closed, Beneficiary, [Fix(1)], Now, Settings));

        Assert.Equal((409, RecordLocationsSlice.AlertClosedProblem), (refused.Status, refused.Type));
    }

    [Fact]
    public void Another_beneficiarys_alert_is_not_found()
    {
        var refused = Assert.Throws<ProblemException>(() => RecordLocationsSlice.Decide(Active, OtherBeneficiary, [Fix(1)], Now, Settings));

        Assert.Equal(404, refused.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void A_batch_holds_1_to_100_fixes(int count)
    {
        var errors = RecordLocationsSlice.Validate(new RecordLocations([.. Enumerable.Repeat(Location(), count)]), Now);

        Assert.Equal(["fixes"], errors.Keys);
    }

    [Fact]
    public void Each_fix_is_checked_like_the_triggers_location_and_named_by_its_index()
    {
        TriggerLocation?[] fixes = [Location(), Location(latitude: 91), Location(accuracyMeters: -1), null, Location() with { CapturedAt = null }];

        var errors = RecordLocationsSlice.Validate(new RecordLocations(fixes), Now);

        Assert.Equal(["fixes[1].latitude", "fixes[2].accuracyMeters", "fixes[3]", "fixes[4].capturedAt"], errors.Keys.Order());
    }

    [Fact]
    public void A_fix_from_the_future_is_refused()
    {
        var errors = RecordLocationsSlice.Validate(new RecordLocations([Location(capturedAt: Now.AddMinutes(5))]), Now);

        Assert.Equal(["fixes[0].capturedAt"], errors.Keys);
    }

    [Fact]
    public void A_broadcast_is_published_as_AlertLocationUpdated_with_the_latest_position()
    {
        var recorded = new LocationsRecorded(AlertId, Association, [Fix(1), Fix(2)], Fix(2), Now);

        var outgoing = Assert.Single(Platform.Alerts.Api.AlertsOutbox.Map(new JasperFx.Events.Event<LocationsRecorded>(recorded)
            { Id = Guid.NewGuid(), Version = 2, StreamId = AlertId }));

        Assert.Equal(new Contract.AlertLocationUpdated(outgoing.MessageId, Now, Association, AlertId,
            new AlertLocation(45.78, 3.09, 8, Captured.AddSeconds(2))), outgoing.Message);
    }

    [Fact]
    public void A_batch_held_back_by_the_broadcast_throttle_is_not_published()
    {
        var recorded = new LocationsRecorded(AlertId, Association, [Fix(1)], null, Now);

        Assert.Empty(Platform.Alerts.Api.AlertsOutbox.Map(new JasperFx.Events.Event<LocationsRecorded>(recorded)
            { Id = Guid.NewGuid(), Version = 2, StreamId = AlertId }));
    }
}
