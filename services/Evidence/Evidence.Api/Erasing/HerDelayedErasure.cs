using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Storage.Blobs;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Erasing;

/// <summary>Her app asked to erase all her recordings (one stream per request, deleted with what it erased: it names her).</summary>
/// <param name="UnderDuress">Confirmed with her duress PIN: it is answered and read like any request of hers, and never carried
/// out (alerts told her association when the PIN was typed).</param>
public sealed record HerErasureRequested(Guid ErasureId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset RequestedAt,
    DateTimeOffset ErasesAt, bool UnderDuress = false);

/// <summary>At its due time a legal hold kept her recordings: nothing was erased.</summary>
public sealed record HerErasureKeptByHold(Guid ErasureId, DateTimeOffset At);

/// <summary>Where her request stands, as her app and her association read it.</summary>
public sealed record PendingErasureView(Guid ErasureId, string Status, DateTimeOffset ErasesAt);

public static class HerDelayedErasure
{
    public const string Pending = "pending";
    public const string KeptByLegalHold = "keptByLegalHold";
    public const string NotCarriedOutUnderDuress = "notCarriedOutUnderDuress";

    /// <summary>Every recording of hers in the session's tenant.</summary>
    public static async Task<IReadOnlyList<LoadedStream<Recording>>> HerRecordingsAsync(IDocumentSession session, Guid beneficiaryId,
        CancellationToken cancellationToken)
    {
        var ids = await session.Query<RecordingSummary>().Where(r => r.BeneficiaryId == beneficiaryId).Select(r => r.Id)
            .ToListAsync(cancellationToken);
        var recordings = new List<LoadedStream<Recording>>();
        foreach (var id in ids)
        {
            var loaded = await session.LoadAsync<Recording>(id, RecordingEvolution.Evolve, cancellationToken);
            if (loaded.State is not null)
            {
                recordings.Add(loaded);
            }
        }
        return recordings;
    }

    /// <summary>
    /// Records her request and its due time in one commit; the same answer whether she has recordings or not, so her
    /// phone learns nothing of what is kept. The outbox tells her association.
    /// </summary>
    /// <param name="underDuress">Her duress PIN confirmed it: the same answer, the same reads, and nothing is ever erased.</param>
    public static async Task<PendingErasureView> RequestAsync(IDocumentSession session, Guid associationId, Guid beneficiaryId,
        TimeSpan delay, DateTimeOffset now, bool underDuress, CancellationToken cancellationToken)
    {
        var requested = new HerErasureRequested(Guid.CreateVersion7(), associationId, beneficiaryId, now, now + delay, underDuress);
        session.Events.StartStream(requested.ErasureId, requested);
        // The wake-up is set either way (one commit of the same shape); under duress it finds nothing to do.
        session.ScheduleWakeUp(HerErasureWakeUp.KindName, requested.ErasureId, requested.ErasesAt);
        await session.SaveChangesAsync(cancellationToken);
        return new PendingErasureView(requested.ErasureId, Pending, requested.ErasesAt);
    }

    /// <summary>Her request as it stands, or null when it is not a pending or held request (then it is done, or unknown).</summary>
    public static async Task<PendingErasureView?> ViewAsync(IQuerySession session, Guid erasureId, CancellationToken cancellationToken)
    {
        var events = (await session.Events.FetchStreamAsync(erasureId, token: cancellationToken)).Select(e => e.Data).ToList();
        return events.OfType<HerErasureRequested>().SingleOrDefault() is not { } requested ? null
            : new PendingErasureView(erasureId, requested.UnderDuress ? NotCarriedOutUnderDuress
                : events.OfType<HerErasureKeptByHold>().Any() ? KeptByLegalHold : Pending, requested.ErasesAt);
    }
}

/// <summary>Her request's due time came: everything of hers goes, unless a legal hold was placed (then nothing does).</summary>
public sealed class HerErasureWakeUp(IDocumentStore store, IEvidenceBlobStore blobs, PlatformSigningKeys keys, TimeProvider time) : IWakeUpHandler
{
    public const string KindName = "her-erasure";

    public string Kind => KindName;

    public async Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        await using var session = store.OpenTracedSession(wakeUp.Tenant);
        var events = (await session.Events.FetchStreamAsync(wakeUp.SubjectId, token: cancellationToken)).Select(e => e.Data).ToList();
        if (events.OfType<HerErasureRequested>().SingleOrDefault() is not { UnderDuress: false } requested
            || events.OfType<HerErasureKeptByHold>().Any())
        {
            return;
        }
        var now = time.GetUtcNow();
        var recordings = await HerDelayedErasure.HerRecordingsAsync(session, requested.BeneficiaryId, cancellationToken);
        if (recordings.Any(recording => recording.State!.OnLegalHold))
        {
            session.Events.Append(requested.ErasureId, new HerErasureKeptByHold(requested.ErasureId, now));
            await session.SaveChangesAsync(cancellationToken);
            return;
        }
        // The request names her: it goes with her recordings, in the erasure's own commit.
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        session.QueueSqlCommand($"delete from {schema}.mt_events where stream_id = ?", requested.ErasureId);
        session.QueueSqlCommand($"delete from {schema}.mt_streams where id = ?", requested.ErasureId);
        await Erasure.EraseAsync(session, blobs, keys, recordings, requested.BeneficiaryId, Erasure.AtHerRequest, PlatformRoles.Beneficiary,
            now, cancellationToken, requested.ErasureId);
    }
}
