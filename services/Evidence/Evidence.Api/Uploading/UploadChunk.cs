using System.Buffers;
using System.Security.Claims;
using System.Security.Cryptography;
using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Sealing;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Uploading;

/// <summary>What her app sent for one chunk, already measured and hashed by the service.</summary>
public sealed record ChunkUpload(int Sequence, string ClaimedSha256, string ActualSha256, long Size, AudioFormat Format);

public abstract record ChunkDecision
{
    public sealed record Store(ChunkStored Event) : ChunkDecision;

    /// <summary>A retry of a chunk already kept: nothing to do, and the answer says so.</summary>
    public sealed record AlreadyStored : ChunkDecision;
}

/// <summary>
/// Chunks arrive in any order and may arrive twice (her phone retries whatever it is not sure of). Nothing is stored
/// unless its hash, size and format are right; a refused chunk leaves the recording exactly as it was.
/// </summary>
public static class UploadChunkSlice
{
    public const string Sha256Header = "X-Chunk-Sha256";

    public static ChunkDecision Decide(Recording recording, ChunkUpload upload, EvidenceSettings settings, string actorId, DateTimeOffset now)
    {
        if (!string.Equals(upload.ClaimedSha256, upload.ActualSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.Unprocessable("/problems/chunk-hash-mismatch", "The chunk does not match its SHA-256; it was not stored.",
                "Send the chunk again: it was damaged on the way, or the hash was computed over other bytes.");
        }
        if (upload.Sequence == 0 && upload.Format == AudioFormat.Unknown)
        {
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "/problems/unsupported-audio-format",
                "The recording is not AAC (ADTS), Ogg Opus, MP3 or WAV; it was not stored.",
                "The format is read from the first chunk's content, not from the Content-Type header.");
        }
        if (recording.IsSealed)
        {
            throw ProblemException.Conflict("/problems/recording-sealed", "This recording is sealed; its chunks can no longer change.");
        }
        if (recording.Chunks.TryGetValue(upload.Sequence, out var existing))
        {
            return string.Equals(existing.Sha256, upload.ActualSha256, StringComparison.OrdinalIgnoreCase)
                ? new ChunkDecision.AlreadyStored()
                : throw ProblemException.Conflict("/problems/chunk-conflict",
                    "Another chunk with this sequence number is already stored; the first one is kept.");
        }
        if (upload.Sequence >= settings.MaxChunks || recording.Bytes + upload.Size > settings.MaxRecordingBytes)
        {
            throw TooLarge($"A recording holds at most {settings.MaxChunks} chunks and {settings.MaxRecordingBytes} bytes.");
        }
        return new ChunkDecision.Store(new ChunkStored(upload.Sequence, upload.ActualSha256.ToLowerInvariant(), upload.Size, upload.Format, now,
            actorId, PlatformRoles.Beneficiary));
    }

    public static ProblemException TooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, "/problems/too-large", "Too large; nothing was stored.", detail);

    public static void MapUploadChunk(this RouteGroupBuilder evidence) =>
        evidence.MapPut("/recordings/{recordingId:guid}/chunks/{sequence:int:min(0)}", async (Guid recordingId, int sequence,
                HttpRequest request, ClaimsPrincipal user, IDocumentStore store, IServiceProvider services, EvidenceSettings settings,
                TimeProvider time, CancellationToken cancellationToken) =>
            {
                var claimed = request.Headers[Sha256Header].ToString();
                if (claimed.Length != 64 || !claimed.All(Uri.IsHexDigit))
                {
                    throw new ProblemException(StatusCodes.Status400BadRequest, ProblemTypes.Validation,
                        $"The {Sha256Header} header must carry the chunk's SHA-256 as 64 hex digits.");
                }
                // Someone else's recording is refused before a byte of the body is read (one row, not the whole stream).
                await using (var peek = store.QuerySession(user.AssociationId().ToString()))
                {
                    if (await peek.LoadAsync<RecordingSummary>(recordingId, cancellationToken) is not { } summary
                        || summary.BeneficiaryId != user.SubjectId())
                    {
                        throw ProblemException.NotFound("The recording");
                    }
                }
                if (request.ContentLength > settings.MaxChunkBytes)
                {
                    throw TooLarge($"A chunk is at most {settings.MaxChunkBytes} bytes.");
                }
                // Sized by the announced length (one byte more shows a body longer than announced): renting the largest
                // chunk for every request would keep 8 MiB arrays in the pool per thread.
                var limit = (int)(request.ContentLength ?? settings.MaxChunkBytes);
                var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
                try
                {
                    var size = await ReadBoundedAsync(request.Body, buffer, limit, cancellationToken);
                    var content = buffer.AsMemory(0, size);
                    var upload = new ChunkUpload(sequence, claimed, Convert.ToHexStringLower(SHA256.HashData(content.Span)), size,
                        sequence == 0 ? AudioFormats.Sniff(content.Span) : AudioFormat.Unknown);
                    var stored = await StoreAsync(recordingId, upload, buffer, user, store, services, settings, time, cancellationToken);
                    var answer = new { recordingId, sequence, sha256 = upload.ActualSha256, size, stored };
                    return stored ? Results.Created($"/api/evidence/recordings/{recordingId:D}/chunks/{sequence}", answer) : Results.Ok(answer);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
                }
            })
            .RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<bool> StoreAsync(Guid recordingId, ChunkUpload upload, byte[] buffer, ClaimsPrincipal user,
        IDocumentStore store, IServiceProvider services, EvidenceSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = store.OpenSessionFor(user);
        // One chunk of a recording at a time: the check for an existing chunk and the write of its blob must not interleave.
        await AdvisoryLocks.LockForTransactionAsync(session, recordingId, cancellationToken);
        var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
        var now = time.GetUtcNow();
        var decision = Decide(loaded.State!, upload, settings, await user.ActorIdAsync(session, cancellationToken), now);
        if (decision is not ChunkDecision.Store storing)
        {
            return false;
        }
        await services.VaultFor(session, user.SubjectId()).StoreChunkAsync(user.SubjectId(), recordingId, upload.Sequence,
            buffer.AsMemory(0, (int)upload.Size), cancellationToken);
        session.Events.Append(recordingId, storing.Event);
        // Each chunk moves the quiet-seal later: a recording is sealed for her only once her phone has gone silent.
        session.ScheduleWakeUp(SealWhenQuiet.KindName, recordingId, now + settings.SealWhenQuietFor);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Reads the body into <paramref name="buffer"/>, refusing it as soon as it passes <paramref name="limit"/>.</summary>
    private static async Task<int> ReadBoundedAsync(Stream body, byte[] buffer, int limit, CancellationToken cancellationToken)
    {
        var total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(total, limit + 1 - total), cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw TooLarge($"A chunk is at most {limit} bytes.");
            }
        }
        return total;
    }
}
