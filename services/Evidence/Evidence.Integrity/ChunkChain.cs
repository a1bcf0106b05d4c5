using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Evidence.Integrity;

public readonly record struct ChunkDigest(long Sequence, ReadOnlyMemory<byte> Sha256);

/// <summary>
/// The chain over a prefix of contiguous chunks. <see cref="Head"/> is null when chunk 0 is missing.
/// <see cref="Links"/>[i] is the link after chunk i, so two chains can be compared to find where they part.
/// </summary>
public sealed record ChainState(
    ReadOnlyMemory<byte>? Head,
    IReadOnlyList<ReadOnlyMemory<byte>> Links,
    IReadOnlyList<long> MissingSequences,
    IReadOnlyList<long> ConflictingSequences)
{
    public long ContiguousChunks => Links.Count;

    public string? HeadHex => Head is { } head ? Convert.ToHexStringLower(head.Span) : null;
}

public static class ChunkChain
{
    public const string DomainSeparator = "evidence-chain-v1";

    // The recording id opens the chain so a chain of one recording can never be passed off as another's.
    public static byte[] FirstLink(Guid recordingId, ReadOnlySpan<byte> chunkSha256)
    {
        var domain = Encoding.ASCII.GetBytes(DomainSeparator);
        var input = new byte[domain.Length + 16 + 8 + chunkSha256.Length];
        domain.CopyTo(input, 0);
        // RFC 4122 (big-endian) order, the order in which the id is printed, so it can be rebuilt by hand.
        recordingId.TryWriteBytes(input.AsSpan(domain.Length, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(domain.Length + 16, 8), 0);
        chunkSha256.CopyTo(input.AsSpan(domain.Length + 24));
        return SHA256.HashData(input);
    }

    public static byte[] NextLink(ReadOnlySpan<byte> previousLink, long sequence, ReadOnlySpan<byte> chunkSha256)
    {
        var input = new byte[previousLink.Length + 8 + chunkSha256.Length];
        previousLink.CopyTo(input);
        BinaryPrimitives.WriteInt64BigEndian(input.AsSpan(previousLink.Length, 8), sequence);
        chunkSha256.CopyTo(input.AsSpan(previousLink.Length + 8));
        return SHA256.HashData(input);
    }

    /// <summary>
    /// Chains chunks in sequence order whatever order they arrived in; a repeat with the same hash is a retried
    /// upload and counts once. The chain stops at the first missing or conflicting sequence: everything before it
    /// stays provable, which is what keeps a cut-off recording usable in court.
    /// </summary>
    public static ChainState Over(Guid recordingId, IEnumerable<ChunkDigest> chunks)
    {
        var bySequence = new SortedDictionary<long, ReadOnlyMemory<byte>>();
        var conflicting = new SortedSet<long>();
        foreach (var chunk in chunks)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(chunk.Sequence);
            if (chunk.Sha256.Length != SHA256.HashSizeInBytes)
            {
                throw new ArgumentException($"chunk {chunk.Sequence}: a SHA-256 is {SHA256.HashSizeInBytes} bytes", nameof(chunks));
            }
            if (!bySequence.TryAdd(chunk.Sequence, chunk.Sha256)
                && !bySequence[chunk.Sequence].Span.SequenceEqual(chunk.Sha256.Span))
            {
                conflicting.Add(chunk.Sequence);
            }
        }

        var links = new List<ReadOnlyMemory<byte>>();
        byte[]? link = null;
        for (long sequence = 0; bySequence.TryGetValue(sequence, out var hash) && !conflicting.Contains(sequence); sequence++)
        {
            link = link is null ? FirstLink(recordingId, hash.Span) : NextLink(link, sequence, hash.Span);
            links.Add(link);
        }

        var last = bySequence.Count == 0 ? -1 : bySequence.Keys.Max();
        var missing = new List<long>();
        for (long sequence = links.Count; sequence <= last; sequence++)
        {
            if (!bySequence.ContainsKey(sequence))
            {
                missing.Add(sequence);
            }
        }
        ReadOnlyMemory<byte>? head = null;
        if (link is not null)
        {
            head = link;
        }
        return new ChainState(head, links, missing, [.. conflicting]);
    }
}
