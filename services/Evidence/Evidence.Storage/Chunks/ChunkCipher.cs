using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Platform.Evidence.Storage.Chunks;

/// <summary>
/// Encrypts one uploaded chunk at a time with the recording's data key, so a recording of any length is never
/// held in memory: one pooled buffer of at most <see cref="MaxPlaintextBytes"/> per chunk.
/// Layout: magic "EVC1" | 12-byte random nonce | 16-byte tag | ciphertext.
/// The associated data is (recording id, sequence): a chunk moved to another position or recording fails its tag.
/// </summary>
public static class ChunkCipher
{
    public const int MaxPlaintextBytes = 4 * 1024 * 1024;
    public const int NonceSizeBytes = 12;
    public const int TagSizeBytes = 16;

    // Starts with 'E', never a quote: Dapr's S3 and Azure Blob bindings try strconv.Unquote on raw request data.
    private static ReadOnlySpan<byte> Magic => "EVC1"u8;

    public static int HeaderBytes => Magic.Length + NonceSizeBytes + TagSizeBytes;

    public static int MaxEncryptedBytes => HeaderBytes + MaxPlaintextBytes;

    public static async Task EncryptChunkAsync(
        Stream plaintext, Stream output, ReadOnlyMemory<byte> dataKey, Guid recordingId, int sequence,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        var buffer = ArrayPool<byte>.Shared.Rent(MaxPlaintextBytes + 1);
        try
        {
            var length = await ReadUpToAsync(plaintext, buffer, MaxPlaintextBytes + 1, cancellationToken);
            if (length > MaxPlaintextBytes)
            {
                throw new ArgumentException($"A chunk is at most {MaxPlaintextBytes} bytes.", nameof(plaintext));
            }

            await output.WriteAsync(EncryptChunk(buffer.AsSpan(0, length), dataKey.Span, recordingId, sequence), cancellationToken);
        }
        finally
        {
            // The pooled buffer held recorded audio; the next renter must not see it.
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>The stored form of a chunk already in memory: one allocation of its own size, no copy of the plaintext.</summary>
    public static byte[] EncryptChunk(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> dataKey, Guid recordingId, int sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        if (plaintext.Length > MaxPlaintextBytes)
        {
            throw new ArgumentException($"A chunk is at most {MaxPlaintextBytes} bytes.", nameof(plaintext));
        }
        var sealedChunk = new byte[HeaderBytes + plaintext.Length];
        Seal(plaintext, sealedChunk, dataKey, recordingId, sequence);
        return sealedChunk;
    }

    public static async Task DecryptChunkAsync(
        Stream encrypted, Stream output, ReadOnlyMemory<byte> dataKey, Guid recordingId, int sequence,
        CancellationToken cancellationToken = default)
    {
        // A stored chunk's length is known (a file): buffers of exactly its size, freed after it. The pool would round a
        // 4 MiB chunk up to 8 MiB arrays and keep them, per thread, after every export.
        var pooled = !encrypted.CanSeek;
        var capacity = pooled ? MaxEncryptedBytes + 1 : (int)Math.Min(encrypted.Length - encrypted.Position, MaxEncryptedBytes) + 1;
        var buffer = pooled ? ArrayPool<byte>.Shared.Rent(capacity) : GC.AllocateUninitializedArray<byte>(capacity);
        var plaintext = pooled ? ArrayPool<byte>.Shared.Rent(capacity) : GC.AllocateUninitializedArray<byte>(Math.Max(capacity - HeaderBytes, 1));
        try
        {
            var length = await ReadUpToAsync(encrypted, buffer, capacity, cancellationToken);
            if (length > MaxEncryptedBytes || length < HeaderBytes || !buffer.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                throw new EvidenceDecryptionException($"Chunk {sequence} of recording {recordingId} is not an evidence chunk.");
            }

            var plaintextLength = length - HeaderBytes;
            Open(buffer.AsSpan(0, length), plaintext.AsSpan(0, plaintextLength), dataKey.Span, recordingId, sequence);
            await output.WriteAsync(plaintext.AsMemory(0, plaintextLength), cancellationToken);
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                ArrayPool<byte>.Shared.Return(plaintext, clearArray: true);
            }
            else
            {
                // Her audio must not linger in freed memory either.
                Array.Clear(plaintext);
            }
        }
    }

    private static void Seal(ReadOnlySpan<byte> plaintext, Span<byte> sealedChunk, ReadOnlySpan<byte> key, Guid recordingId, int sequence)
    {
        Magic.CopyTo(sealedChunk);
        var nonce = sealedChunk.Slice(Magic.Length, NonceSizeBytes);
        var tag = sealedChunk.Slice(Magic.Length + NonceSizeBytes, TagSizeBytes);
        // Random, not derived: a chunk re-uploaded after a crash with different bytes must not reuse a nonce.
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSizeBytes);
        aes.Encrypt(nonce, plaintext, sealedChunk[HeaderBytes..], tag, AssociatedData(recordingId, sequence));
    }

    private static void Open(ReadOnlySpan<byte> sealedChunk, Span<byte> plaintext, ReadOnlySpan<byte> key, Guid recordingId, int sequence)
    {
        var nonce = sealedChunk.Slice(Magic.Length, NonceSizeBytes);
        var tag = sealedChunk.Slice(Magic.Length + NonceSizeBytes, TagSizeBytes);
        try
        {
            using var aes = new AesGcm(key, TagSizeBytes);
            aes.Decrypt(nonce, sealedChunk[HeaderBytes..], tag, plaintext, AssociatedData(recordingId, sequence));
        }
        catch (AuthenticationTagMismatchException e)
        {
            plaintext.Clear();
            throw new EvidenceDecryptionException(
                $"Chunk {sequence} of recording {recordingId} does not authenticate: tampered, swapped or wrong key.", e);
        }
    }

    private static byte[] AssociatedData(Guid recordingId, int sequence)
    {
        var data = new byte["platform.evidence.chunk.v1"u8.Length + 16 + 4];
        "platform.evidence.chunk.v1"u8.CopyTo(data);
        recordingId.TryWriteBytes(data.AsSpan("platform.evidence.chunk.v1"u8.Length, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(data.Length - 4), sequence);
        return data;
    }

    private static async Task<int> ReadUpToAsync(Stream source, byte[] buffer, int limit, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < limit)
        {
            var read = await source.ReadAsync(buffer.AsMemory(total, limit - total), cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
