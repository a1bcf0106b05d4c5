using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Resolving;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class ResolvingAnAlert
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Guid Operator = new("0be7a702-0000-4000-8000-000000000001");
    private static readonly Alert Active = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
        PressPattern.LongPress, new Position(45.7772, 3.0870, 12.5, Captured), PressId, Now))!;

    [Fact]
    public void An_operator_resolves_the_version_she_read_with_its_outcome()
    {
        var resolved = ResolveAlertSlice.Decide(Active, 3, 3, new ResolveAlert(AlertOutcome.Safe, null), Operator, Now);

        Assert.Equal(new AlertResolved(AlertId, Association, Operator, AlertOutcome.Safe, null, Now), resolved);
    }

    [Fact]
    public void A_resolution_on_a_stale_version_is_refused_as_a_failed_precondition()
    {
        var refused = Assert.Throws<ProblemException>(() =>
            ResolveAlertSlice.Decide(Active, 4, 3, new ResolveAlert(AlertOutcome.Safe, null), Operator, Now));

        Assert.Equal((412, ResolveAlertSlice.StaleVersionProblem), (refused.Status, refused.Type));
    }

    [Fact]
    public void A_resolved_alert_cannot_be_resolved_again()
    {
        var resolved = AlertEvolution.Evolve(Active, new AlertResolved(AlertId, Association, Operator, AlertOutcome.FalseAlarm, null, Now));

        var refused = Assert.Throws<ProblemException>(() =>
            ResolveAlertSlice.Decide(resolved, 2, 2, new ResolveAlert(AlertOutcome.Safe, null), Operator, Now));

        Assert.Equal((409, ResolveAlertSlice.AlreadyResolvedProblem), (refused.Status, refused.Type));
    }

    [Fact]
    public void An_unknown_alert_is_not_found()
    {
        var refused = Assert.Throws<ProblemException>(() =>
            ResolveAlertSlice.Decide(null, 0, 1, new ResolveAlert(AlertOutcome.Safe, null), Operator, Now));

        Assert.Equal(404, refused.Status);
    }

    [Fact]
    public void Resolving_closes_the_alert_with_its_outcome_and_note()
    {
        var alert = AlertEvolution.Evolve(Active, new AlertResolved(AlertId, Association, Operator, AlertOutcome.Other, "Moved to a shelter", Now));

        Assert.Equal(AlertStatus.Resolved, alert!.Status);
        Assert.Equal(new Resolution(AlertOutcome.Other, "Moved to a shelter", Operator, Now), alert.Resolution);
    }

    [Theory]
    [InlineData(null, null, "outcome")]
    [InlineData(AlertOutcome.Other, null, "note")]
    [InlineData(AlertOutcome.Other, "  ", "note")]
    [InlineData((AlertOutcome)42, null, "outcome")]
    public void A_resolution_without_what_it_needs_names_the_field(AlertOutcome? outcome, string? note, string field)
    {
        var errors = ResolveAlertSlice.Validate(new ResolveAlert(outcome, note));

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_note_is_at_most_500_characters()
    {
        Assert.Empty(ResolveAlertSlice.Validate(new ResolveAlert(AlertOutcome.Safe, new string('n', 500))));
        Assert.Equal(["note"], ResolveAlertSlice.Validate(new ResolveAlert(AlertOutcome.Safe, new string('n', 501))).Keys);
    }

    [Theory]
    [InlineData("\"7\"", 7L)]
    [InlineData("W/\"7\"", 7L)]
    [InlineData("7", 7L)]
    [InlineData("\"seven\"", null)]
    [InlineData("\"0\"", null)]
    [InlineData("\"-1\"", null)]
    public void If_match_carries_the_stream_version_as_an_etag(string ifMatch, long? version)
    {
        Assert.Equal(version, ResolveAlertSlice.ParseVersion(ifMatch));
    }
}
