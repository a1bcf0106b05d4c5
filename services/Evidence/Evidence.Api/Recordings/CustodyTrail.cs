using System.Globalization;
using JasperFx.Events;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Api.Recordings;

/// <summary>
/// The custody log a court reads, made from the recording's stream and nothing else: the same stream always gives the
/// same lines, so an export made today and one made next year agree on every entry they share.
/// </summary>
public static class CustodyTrail
{
    public static CustodyLog From(IEnumerable<IEvent> stream)
    {
        var log = new CustodyLog();
        foreach (var committed in stream)
        {
            _ = committed.Data switch
            {
                RecordingStarted started => log.Append(started.At, CustodyAction.Started, started.ActorId, started.Role,
                    detail: $"alert={started.AlertId:D}"),
                ChunkStored chunk => log.Append(chunk.At, CustodyAction.ChunkStored, chunk.ActorId, chunk.Role,
                    detail: string.Create(CultureInfo.InvariantCulture, $"sequence={chunk.Sequence} sha256={chunk.Sha256} size={chunk.Size}")),
                RecordingSealed sealedRecording => log.Append(sealedRecording.At, CustodyAction.Sealed, sealedRecording.ActorId,
                    sealedRecording.Role, reason: sealedRecording.Why, detail: CustodyLog.SealedDetail(sealedRecording.ManifestSha256)),
                RecordingAccessed accessed => log.Append(accessed.At, CustodyAction.Accessed, accessed.ActorId, accessed.Role,
                    reason: accessed.Reason, detail: accessed.What),
                RecordingExported exported => log.Append(exported.At, CustodyAction.Exported, exported.ActorId, exported.Role,
                    reason: exported.Reason, detail: $"to={exported.Recipient}"),
                LegalHoldPlaced held => log.Append(held.At, CustodyAction.Held, held.ActorId, held.Role, reason: held.Reason),
                LegalHoldReleased released => log.Append(released.At, CustodyAction.Released, released.ActorId, released.Role,
                    reason: released.Reason),
                _ => null,
            };
        }
        return log;
    }
}
