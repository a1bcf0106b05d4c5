using Marten;
using MassTransit;
using Platform.Evidence.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Alerts.Api.Alerts.NotingSealedEvidence;

/// <summary>
/// A recording made during the alert was sealed: the alert's timeline says so, so the operator knows evidence exists
/// and which manifest proves it. The recording itself stays with the evidence service.
/// </summary>
public sealed class EvidenceSealedConsumer(IDocumentStore store, TimeProvider time, ILogger<EvidenceSealedConsumer> logger)
    : IConsumer<EvidenceSealed>
{
    /// <summary>Each manifest joins the timeline once, whatever the alert's status: recordings are often sealed after it ends.</summary>
    public static IReadOnlyList<object> Decide(Alert alert, EvidenceSealed evidence) =>
        alert.SealedManifests.Contains(evidence.ManifestSha256)
            ? []
            : [new EvidenceSealedForAlert(alert.Id, evidence.RecordingId, evidence.SealedAt, evidence.ManifestSha256, evidence.Chunks,
                evidence.Complete)];

    public async Task Consume(ConsumeContext<EvidenceSealed> context)
    {
        var evidence = context.Message;
        // The association's own tenant: a message naming another association's alert finds nothing.
        await using var session = store.OpenTracedSession(evidence.AssociationId.ToString());
        if (await session.AlreadyProcessedAsync(nameof(EvidenceSealedConsumer), evidence.EventId, context.CancellationToken))
        {
            return;
        }
        var loaded = await session.LoadAsync<Alert>(evidence.AlertId, AlertEvolution.Evolve, context.CancellationToken);
        if (loaded.State is not { } alert)
        {
            logger.LogWarning("Sealed evidence {MessageId} names alert {AlertId}, unknown in its association; ignored.", evidence.EventId,
                evidence.AlertId);
            return;
        }
        session.AppendAfter(alert.Id, loaded, Decide(alert, evidence));
        session.MarkProcessed(nameof(EvidenceSealedConsumer), evidence.EventId, time.GetUtcNow());
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Two recordings of one alert sealed together are appended one after the other, not raced and retried.</summary>
public sealed class EvidenceSealedConsumerDefinition : OneAtATimePerKey<EvidenceSealedConsumer>
{
    protected override void KeyBy(PartitionKeys<EvidenceSealedConsumer> keys) =>
        keys.Message<EvidenceSealed>(evidence => evidence.AlertId);
}
