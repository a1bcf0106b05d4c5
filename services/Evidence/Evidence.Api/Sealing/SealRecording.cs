using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Sealing;

public sealed record SealView(Guid RecordingId, string ManifestSha256, int Chunks, long Bytes, bool Complete, string SigningKeyId, DateTimeOffset SealedAt);

/// <summary>
/// Sealing signs a manifest of the chunks that form an unbroken run from the first: a recording cut off by a smashed
/// phone is still proven up to its last good chunk. After the seal no chunk can be added or changed.
/// </summary>
public static class SealRecordingSlice
{
    public const string SealedByHerApp = "her app finished the recording";
    public const string SealedWhenQuiet = "no chunk arrived for the configured quiet period";

    public static RecordingSealed? Decide(Recording recording, string pseudonym, SigningKey key, string why, string actorId, string role,
        DateTimeOffset now)
    {
        if (recording.IsSealed)
        {
            return null;
        }
        var chain = ChunkChain.Over(recording.Id,
            recording.Chunks.Values.Select(chunk => new ChunkDigest(chunk.Sequence, Convert.FromHexString(chunk.Sha256))));
        if (chain.HeadHex is not { } head)
        {
            throw ProblemException.Conflict("/problems/nothing-to-seal",
                "The first chunk has not arrived; a recording is sealed from its first chunk on.");
        }
        var proven = recording.Chunks.Values.Take((int)chain.ContiguousChunks).ToList();
        var manifest = new EvidenceManifest(EvidenceManifest.CurrentVersion, recording.Id, recording.AlertId, pseudonym, recording.DeviceId,
            recording.Format, [.. proven.Select(chunk => new ManifestChunk(chunk.Sequence, chunk.Sha256, chunk.Size, chunk.ReceivedAt))],
            recording.StartedAt, now, head, key.KeyId);
        var json = manifest.ToCanonicalJson();
        var signature = ManifestSigner.Sign(json, key);
        var complete = proven.Count == recording.Chunks.Count && why == SealedByHerApp;
        return new RecordingSealed(recording.AssociationId, recording.AlertId, recording.StartedAt, json,
            Convert.ToHexStringLower(SHA256.HashData(json)), signature.Kid, signature.Alg, signature.Signature, proven.Count,
            proven.Sum(chunk => chunk.Size), complete, why, now, actorId, role);
    }

    public static SealView View(Recording recording, RecordingSealed sealedRecording) => new(recording.Id, sealedRecording.ManifestSha256,
        sealedRecording.Chunks, sealedRecording.Bytes, sealedRecording.Complete, sealedRecording.SignatureKid, sealedRecording.At);

    /// <summary>Seals in the session's transaction; the already-sealed answer is the seal that exists.</summary>
    public static async Task<RecordingSealed> SealAsync(IDocumentSession session, LoadedStream<Recording> loaded, PlatformSigningKeys keys,
        string why, string actorId, string role, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recording = loaded.State!;
        if (recording.IsSealed)
        {
            return loaded.Events.Select(e => e.Data).OfType<RecordingSealed>().Single();
        }
        var pseudonym = (await session.LoadAsync<BeneficiaryKeyRecord>(recording.BeneficiaryId, cancellationToken))?.Pseudonym
            ?? throw ProblemException.NotFound("The recording");
        var sealedRecording = Decide(recording, pseudonym, keys.Current, why, actorId, role, now)!;
        session.AppendAfter(recording.Id, loaded, [sealedRecording]);
        session.CancelWakeUp(SealWhenQuiet.KindName, recording.Id);
        await session.SaveChangesAsync(cancellationToken);
        return sealedRecording;
    }

    public static void MapSealRecording(this RouteGroupBuilder evidence) =>
        evidence.MapPost("/recordings/{recordingId:guid}/seal", async (Guid recordingId, ClaimsPrincipal user, IDocumentStore store,
                PlatformSigningKeys keys, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var view = await ConcurrentWrites.RetryAsync(async () =>
                {
                    await using var session = store.OpenSessionFor(user);
                    var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
                    var sealedRecording = await SealAsync(session, loaded, keys, SealedByHerApp, await user.ActorIdAsync(session, cancellationToken),
                        user.Role(), time.GetUtcNow(), cancellationToken);
                    return View(loaded.State!, sealedRecording);
                });
                return Results.Ok(view);
            })
            .RequireAuthorization(EvidencePolicies.Reader);
}

/// <summary>Seals a recording her phone stopped sending: the evidence must not wait for an app that may never come back.</summary>
public sealed class SealWhenQuiet(IDocumentStore store, PlatformSigningKeys keys, EvidenceSettings settings, TimeProvider time) : IWakeUpHandler
{
    public const string KindName = "evidence-seal-when-quiet";

    public string Kind => KindName;

    public async Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        await using var session = store.OpenTracedSession(wakeUp.Tenant);
        var loaded = await session.LoadAsync<Recording>(wakeUp.SubjectId, RecordingEvolution.Evolve, cancellationToken);
        if (loaded.State is not { IsSealed: false } recording)
        {
            return;
        }
        var now = time.GetUtcNow();
        if (recording.LastChunkAt + settings.SealWhenQuietFor > now)
        {
            session.ScheduleWakeUp(KindName, recording.Id, recording.LastChunkAt + settings.SealWhenQuietFor);
            await session.SaveChangesAsync(cancellationToken);
            return;
        }
        if (!recording.Chunks.ContainsKey(0))
        {
            // Nothing provable yet: a first chunk that still arrives starts the wait again.
            return;
        }
        await SealRecordingSlice.SealAsync(session, loaded, keys, SealRecordingSlice.SealedWhenQuiet, EvidenceCallers.PlatformActor,
            EvidenceCallers.PlatformRole, now, cancellationToken);
    }
}
