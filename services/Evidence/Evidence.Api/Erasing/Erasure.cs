using Marten;
using Platform.Evidence.Api.Alerts;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Retaining;
using Platform.Evidence.Api.Sealing;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Integrity;
using Platform.Evidence.Storage.Blobs;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Erasing;

/// <summary>
/// What remains after an erasure: which recordings went, what their seals said, when and at whose request, signed by
/// the platform. No audio, no owner, no alert: nothing that says whose they were.
/// </summary>
public sealed record ErasureProof(Guid Id, byte[] ProofJson, string SigningKeyId, string Signature);

public sealed record ErasedRecordingEntry(Guid RecordingId, string? ManifestSha256, int Chunks);

public static class Erasure
{
    public const string AtHerRequest = "her request";
    public const string RetentionEnded = "retention period ended";

    /// <summary>
    /// Deletes the blobs first (an interrupted erasure is finished by asking again), then in one transaction: the key
    /// records (crypto-shredding: copies of the blobs anywhere become noise), the custody streams, the lookups that
    /// name her, and the signed proof.
    /// </summary>
    /// <param name="shredBeneficiaryId">Her whole key: every recording of hers, and everything here that names her.</param>
    public static async Task<ErasureProof> EraseAsync(IDocumentSession session, IEvidenceBlobStore blobs, PlatformSigningKeys keys,
        IReadOnlyList<LoadedStream<Recording>> recordings, Guid? shredBeneficiaryId, string why, string requestedByRole, DateTimeOffset now,
        CancellationToken cancellationToken, Guid? requestedErasureId = null)
    {
        var erasureId = requestedErasureId ?? Guid.CreateVersion7();
        var entries = new List<ErasedRecordingEntry>();
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        foreach (var loaded in recordings)
        {
            var recording = loaded.State!;
            foreach (var sequence in recording.Chunks.Keys)
            {
                await blobs.DeleteAsync(EvidenceBlobKeys.Chunk(recording.Id, sequence), cancellationToken);
            }
            var seal = loaded.Events.Select(e => e.Data).OfType<RecordingSealed>().SingleOrDefault();
            entries.Add(new ErasedRecordingEntry(recording.Id, seal?.ManifestSha256, recording.Chunks.Count));
            // The stream itself goes, not an "erased" event on it: its events name her and describe her recording.
            session.QueueSqlCommand($"delete from {schema}.mt_events where stream_id = ?", recording.Id);
            session.QueueSqlCommand($"delete from {schema}.mt_streams where id = ?", recording.Id);
            session.HardDelete<RecordingSummary>(recording.Id);
            session.HardDelete<RecordingKeyRecord>(recording.Id);
            session.CancelWakeUp(SealWhenQuiet.KindName, recording.Id);
            session.CancelWakeUp(RetentionWakeUp.KindName, recording.Id);
            session.Store(new ErasedRecording(recording.Id, erasureId, now));
        }
        if (shredBeneficiaryId is { } beneficiaryId)
        {
            session.HardDelete<BeneficiaryKeyRecord>(beneficiaryId);
            session.HardDeleteWhere<RecordingKeyRecord>(record => record.BeneficiaryId == beneficiaryId);
            session.HardDeleteWhere<RecordingSummary>(summary => summary.BeneficiaryId == beneficiaryId);
            session.HardDeleteWhere<KnownAlert>(alert => alert.BeneficiaryId == beneficiaryId);
        }
        var proofJson = CanonicalJson.Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("erasureId", erasureId.ToString("D"));
            writer.WriteString("erasedAt", CanonicalJson.Timestamp(now));
            writer.WriteString("why", why);
            writer.WriteString("requestedByRole", requestedByRole);
            writer.WriteBoolean("beneficiaryKeyShredded", shredBeneficiaryId is not null);
            writer.WriteStartArray("recordings");
            foreach (var entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("recordingId", entry.RecordingId.ToString("D"));
                writer.WriteString("manifestSha256", entry.ManifestSha256);
                writer.WriteNumber("chunks", entry.Chunks);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        var signature = ManifestSigner.Sign(proofJson, keys.Current);
        var proof = new ErasureProof(erasureId, proofJson, signature.Kid, signature.Signature);
        session.Store(proof);
        await session.SaveChangesAsync(cancellationToken);
        return proof;
    }
}
