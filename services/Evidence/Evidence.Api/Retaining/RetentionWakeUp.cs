using Marten;
using Platform.Evidence.Api.Erasing;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Storage.Blobs;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Retaining;

/// <summary>
/// A recording is kept for the configured retention after her alert ended, then erased like at her request (one
/// recording, her other recordings untouched). A held recording waits: releasing the hold schedules it again.
/// </summary>
public sealed class RetentionWakeUp(IDocumentStore store, IEvidenceBlobStore blobs, PlatformSigningKeys keys, TimeProvider time) : IWakeUpHandler
{
    public const string KindName = "evidence-retention";

    public string Kind => KindName;

    public async Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        await using var session = store.OpenTracedSession(wakeUp.Tenant);
        var loaded = await session.LoadAsync<Recording>(wakeUp.SubjectId, RecordingEvolution.Evolve, cancellationToken);
        if (loaded.State is not { OnLegalHold: false })
        {
            return;
        }
        await Erasure.EraseAsync(session, blobs, keys, [loaded], shredBeneficiaryId: null, Erasure.RetentionEnded, EvidenceCallers.PlatformRole,
            time.GetUtcNow(), cancellationToken);
    }
}
