using System.Security.Cryptography;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Sealing;
using Platform.Evidence.Api.Uploading;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults;

namespace Platform.Evidence.Api.Tests;

/// <summary>The pure rules of upload and seal, without a host.</summary>
public sealed class DecidingOnChunks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 22, 0, 0, TimeSpan.Zero);
    private static readonly EvidenceSettings Settings = new() { MaxChunks = 10, MaxRecordingBytes = 1000 };

    private static Recording Fresh() => RecordingEvolution.Evolve(null,
        new RecordingStarted(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "device", Now, "bnf-1", "beneficiary"))!;

    private static string Hash(byte seed) => Convert.ToHexStringLower(SHA256.HashData([seed]));

    private static Recording With(Recording recording, params int[] sequences) => sequences.Aggregate(recording, (current, sequence) =>
        RecordingEvolution.Evolve(current, new ChunkStored(sequence, Hash((byte)sequence), 100, sequence == 0 ? AudioFormat.Wav : AudioFormat.Unknown,
            Now.AddSeconds(sequence), "bnf-1", "beneficiary"))!);

    private static ChunkUpload Upload(int sequence, byte seed, long size = 100, AudioFormat format = AudioFormat.Wav) =>
        new(sequence, Hash(seed), Hash(seed), size, format);

    [Fact]
    public void A_new_chunk_is_stored_and_a_repeat_of_it_is_already_stored()
    {
        var decision = UploadChunkSlice.Decide(Fresh(), Upload(0, 0), Settings, "bnf-1", Now);
        var stored = Assert.IsType<ChunkDecision.Store>(decision);

        var again = UploadChunkSlice.Decide(RecordingEvolution.Evolve(Fresh(), stored.Event)!, Upload(0, 0), Settings, "bnf-1", Now);

        Assert.IsType<ChunkDecision.AlreadyStored>(again);
    }

    [Fact]
    public void Every_refusal_names_its_problem()
    {
        ProblemException Refusal(Recording recording, ChunkUpload upload) =>
            Assert.Throws<ProblemException>(() => UploadChunkSlice.Decide(recording, upload, Settings, "bnf-1", Now));

        Assert.Equal(422, Refusal(Fresh(), Upload(0, 0) with { ClaimedSha256 = Hash(9) }).Status);
        Assert.Equal(415, Refusal(Fresh(), Upload(0, 0, format: AudioFormat.Unknown)).Status);
        Assert.Equal(409, Refusal(With(Fresh(), 1), Upload(1, 7)).Status);
        Assert.Equal(413, Refusal(Fresh(), Upload(10, 10, format: AudioFormat.Unknown)).Status);
        Assert.Equal(413, Refusal(With(Fresh(), 0, 1, 2, 3, 4, 5, 6, 7, 8), Upload(9, 9, size: 101, format: AudioFormat.Unknown)).Status);
    }

    [Fact]
    public void The_seal_proves_the_run_from_the_first_chunk_to_the_first_gap_and_says_it_is_incomplete()
    {
        using var key = SigningKey.Generate();
        var recording = With(Fresh(), 0, 1, 2, 4);

        var sealedRecording = SealRecordingSlice.Decide(recording, "bnf-1", key, SealRecordingSlice.SealedByHerApp, "bnf-1", "beneficiary", Now)!;

        var manifest = EvidenceManifest.Parse(sealedRecording.ManifestJson);
        Assert.Equal([0L, 1L, 2L], manifest.Chunks.Select(chunk => chunk.Sequence));
        Assert.False(sealedRecording.Complete);
        Assert.Equal(ChunkChain.Over(recording.Id, manifest.ChunkDigests()).HeadHex, manifest.ChainHead);
        Assert.True(ManifestSigner.Verify(sealedRecording.ManifestJson,
            new ManifestSignature(sealedRecording.SignatureKid, sealedRecording.SignatureAlg, sealedRecording.Signature), key.Publish(Now.AddDays(-1))));
        Assert.Null(SealRecordingSlice.Decide(RecordingEvolution.Evolve(recording, sealedRecording)!, "bnf-1", key, "again", "bnf-1", "beneficiary", Now));
    }

    [Fact]
    public void Nothing_is_sealed_before_the_first_chunk_arrives()
    {
        using var key = SigningKey.Generate();

        var refusal = Assert.Throws<ProblemException>(() =>
            SealRecordingSlice.Decide(With(Fresh(), 1, 2), "bnf-1", key, SealRecordingSlice.SealedWhenQuiet, "platform", "platform", Now));

        Assert.Equal("/problems/nothing-to-seal", refusal.Type);
    }

    [Fact]
    public void A_chunk_stored_twice_in_the_stream_counts_once()
    {
        var recording = With(With(Fresh(), 0), 0);

        var chunk = Assert.Single(recording.Chunks.Values);
        Assert.Equal(100, recording.Bytes);
        Assert.Equal(AudioFormat.Wav, recording.Format);
        Assert.Equal(Hash(0), chunk.Sha256);
    }
}
