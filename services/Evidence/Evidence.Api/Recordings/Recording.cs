using System.Collections.Immutable;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Api.Recordings;

public sealed record StoredChunk(int Sequence, string Sha256, long Size, DateTimeOffset ReceivedAt);

public sealed record RecordingSeal(string ManifestSha256, int Chunks, long Bytes, bool Complete, DateTimeOffset At);

/// <summary>One recording's state, folded from its custody stream by <see cref="RecordingEvolution.Evolve"/>.</summary>
public sealed record Recording(
    Guid Id,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId,
    string DeviceId,
    DateTimeOffset StartedAt,
    AudioFormat Format,
    ImmutableSortedDictionary<int, StoredChunk> Chunks,
    DateTimeOffset LastChunkAt,
    RecordingSeal? Seal,
    bool OnLegalHold)
{
    public long Bytes => Chunks.Values.Sum(chunk => chunk.Size);

    public bool IsSealed => Seal is not null;
}

public static class RecordingEvolution
{
    public static Recording? Evolve(Recording? recording, object @event) => (recording, @event) switch
    {
        (null, RecordingStarted started) => new Recording(started.RecordingId, started.AssociationId, started.AlertId,
            started.BeneficiaryId, started.DeviceId, started.At, AudioFormat.Unknown, ImmutableSortedDictionary<int, StoredChunk>.Empty,
            started.At, Seal: null, OnLegalHold: false),
        ({ } current, ChunkStored chunk) => current with
        {
            // The first chunk's content decides the format; later chunks continue its stream and carry no header.
            Format = chunk.Sequence == 0 ? chunk.Format : current.Format,
            Chunks = current.Chunks.SetItem(chunk.Sequence, new StoredChunk(chunk.Sequence, chunk.Sha256, chunk.Size, chunk.At)),
            LastChunkAt = chunk.At > current.LastChunkAt ? chunk.At : current.LastChunkAt,
        },
        ({ } current, RecordingSealed sealedRecording) => current with
        {
            Seal = new RecordingSeal(sealedRecording.ManifestSha256, sealedRecording.Chunks, sealedRecording.Bytes,
                sealedRecording.Complete, sealedRecording.At),
        },
        ({ } current, LegalHoldPlaced) => current with { OnLegalHold = true },
        ({ } current, LegalHoldReleased) => current with { OnLegalHold = false },
        // Reads and exports change nothing but the custody log.
        _ => recording,
    };
}
