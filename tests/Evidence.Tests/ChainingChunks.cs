using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class ChainingChunks
{
    private static readonly Guid RecordingId = Guid.Parse("0b9e4a52-31c7-4f0e-9d2a-6a4f1c0e7b11");

    private static ChunkDigest Digest(long sequence) => new(sequence, SHA256.HashData(SampleRecording.AdtsChunk((int)sequence)));

    [Fact]
    public void The_head_follows_the_published_formula()
    {
        var h0 = Digest(0).Sha256.ToArray();
        var h1 = Digest(1).Sha256.ToArray();
        byte[] link0 = SHA256.HashData([.. Encoding.ASCII.GetBytes("evidence-chain-v1"), .. Convert.FromHexString("0b9e4a5231c74f0e9d2a6a4f1c0e7b11"), .. BigEndian(0), .. h0]);
        byte[] link1 = SHA256.HashData([.. link0, .. BigEndian(1), .. h1]);

        var chain = ChunkChain.Over(RecordingId, [Digest(0), Digest(1)]);

        Assert.Equal(Convert.ToHexStringLower(link1), chain.HeadHex);
    }

    [Fact]
    public void Chunks_arriving_out_of_order_and_one_retried_give_the_same_head()
    {
        var inOrder = ChunkChain.Over(RecordingId, [Digest(0), Digest(1), Digest(2), Digest(3)]);

        var asArrived = ChunkChain.Over(RecordingId, [Digest(2), Digest(0), Digest(3), Digest(1), Digest(2)]);

        Assert.Equal(inOrder.HeadHex, asArrived.HeadHex);
        Assert.Equal(4, asArrived.ContiguousChunks);
        Assert.Empty(asArrived.MissingSequences);
    }

    [Fact]
    public void A_gap_keeps_the_chain_of_the_chunks_before_it_and_names_the_missing_ones()
    {
        var prefix = ChunkChain.Over(RecordingId, [Digest(0), Digest(1)]);

        var withGap = ChunkChain.Over(RecordingId, [Digest(0), Digest(1), Digest(3), Digest(5)]);

        Assert.Equal(prefix.HeadHex, withGap.HeadHex);
        Assert.Equal(2, withGap.ContiguousChunks);
        Assert.Equal([2L, 4L], withGap.MissingSequences);
    }

    [Fact]
    public void A_sequence_sent_twice_with_different_content_stops_the_chain_before_it()
    {
        var conflicting = new ChunkDigest(1, SHA256.HashData("other audio"u8));

        var chain = ChunkChain.Over(RecordingId, [Digest(0), Digest(1), conflicting, Digest(2)]);

        Assert.Equal(1, chain.ContiguousChunks);
        Assert.Equal([1L], chain.ConflictingSequences);
    }

    [Fact]
    public void The_same_chunks_under_another_recording_id_give_another_head()
    {
        var mine = ChunkChain.Over(RecordingId, [Digest(0), Digest(1)]);

        var other = ChunkChain.Over(Guid.NewGuid(), [Digest(0), Digest(1)]);

        Assert.NotEqual(mine.HeadHex, other.HeadHex);
    }

    [Fact]
    public void Without_chunk_zero_there_is_no_head()
    {
        var chain = ChunkChain.Over(RecordingId, [Digest(1), Digest(2)]);

        Assert.Null(chain.Head);
        Assert.Equal([0L], chain.MissingSequences);
    }

    private static byte[] BigEndian(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }
}
