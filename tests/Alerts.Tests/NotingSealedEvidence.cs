using JasperFx.Events;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.NotingSealedEvidence;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Contracts;
using Platform.Evidence.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertResolved = Platform.Alerts.Api.Alerts.AlertResolved;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class NotingSealedEvidence
{
    private static readonly Guid AlertId = Alert.IdFor(Association, Beneficiary, PressId);
    private static readonly Guid RecordingId = new("5ea1ed00-0000-4000-8000-000000000001");
    private static readonly string Manifest = new('a', 64);
    private static readonly Alert Active = AlertEvolution.Evolve(null, new AlertTriggered(AlertId, Association, Beneficiary, DeviceId,
        PressPattern.LongPress, new Position(45.7772, 3.0870, 12.5, Captured), PressId, Now, StartRecording: true))!;

    private static EvidenceSealed Sealed(string manifest, bool complete = true) =>
        new(Guid.NewGuid(), Now.AddMinutes(10), Association, AlertId, RecordingId, Now.AddSeconds(2), Now.AddMinutes(10), 40, 1_600_000,
            manifest, "key-2025-03", complete);

    private static Alert After(Alert alert, IEnumerable<object> events) => events.Aggregate(alert, (state, e) => AlertEvolution.Evolve(state, e)!);

    [Fact]
    public void A_sealed_manifest_joins_the_alert_once()
    {
        var first = EvidenceSealedConsumer.Decide(Active, Sealed(Manifest));
        var noted = After(Active, first);

        Assert.Equal(new EvidenceSealedForAlert(AlertId, RecordingId, Now.AddMinutes(10), Manifest, 40, true), Assert.Single(first));
        Assert.Empty(EvidenceSealedConsumer.Decide(noted, Sealed(Manifest)));
        // A new manifest (the recording sealed again with more chunks) is a new fact.
        Assert.Single(EvidenceSealedConsumer.Decide(noted, Sealed(new string('b', 64))));
    }

    [Fact]
    public void A_recording_sealed_after_the_alert_was_resolved_still_joins_it()
    {
        var resolved = After(Active, [new AlertResolved(AlertId, Association, Guid.NewGuid(), AlertOutcome.Safe, null, Now.AddMinutes(5))]);

        Assert.Single(EvidenceSealedConsumer.Decide(resolved, Sealed(Manifest)));
    }

    [Fact]
    public void The_operator_reads_which_manifest_was_sealed_and_she_reads_nothing()
    {
        var committed = new Event<EvidenceSealedForAlert>(new EvidenceSealedForAlert(AlertId, RecordingId, Now.AddMinutes(10), Manifest, 7,
            Complete: false)) { Id = Guid.NewGuid(), Version = 2, StreamId = AlertId };

        var entry = GetAlertSlice.ToTimelineEntry(committed, forHer: false);

        Assert.Equal(new TimelineEntry(Now.AddMinutes(10), "evidence-sealed",
            Detail: $"recording {RecordingId}: 7 chunks (incomplete), manifest sha256 {Manifest}"), entry);
        Assert.Null(GetAlertSlice.ToTimelineEntry(committed, forHer: true));
    }
}
