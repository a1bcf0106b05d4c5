using Platform.Evidence.Storage.Chunks;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Storage.Tests;

public sealed class ChunkCipherTests
{
    private readonly byte[] _key = KeyWrapping.NewKey();
    private readonly Guid _recording = Guid.NewGuid();

    private async Task<byte[]> EncryptAsync(byte[] plaintext, int sequence, Guid? recording = null)
    {
        using var output = new MemoryStream();
        await ChunkCipher.EncryptChunkAsync(new MemoryStream(plaintext), output, _key, recording ?? _recording, sequence);
        return output.ToArray();
    }

    private async Task<byte[]> DecryptAsync(byte[] encrypted, int sequence, byte[]? key = null, Guid? recording = null)
    {
        using var output = new MemoryStream();
        await ChunkCipher.DecryptChunkAsync(new MemoryStream(encrypted), output, key ?? _key, recording ?? _recording, sequence);
        return output.ToArray();
    }

    [Fact]
    public async Task A_chunk_decrypts_to_what_was_encrypted_and_its_ciphertext_holds_no_plaintext()
    {
        var plaintext = Recordings.Chunk(4);

        var encrypted = await EncryptAsync(plaintext, 4);

        Assert.False(Recordings.Contains(encrypted, Recordings.Marker));
        Assert.Equal(plaintext, await DecryptAsync(encrypted, 4));
    }

    [Fact]
    public async Task A_chunk_of_exactly_the_maximum_size_is_accepted_and_one_byte_more_is_refused()
    {
        var largest = new byte[ChunkCipher.MaxPlaintextBytes];
        Assert.Equal(largest.Length, (await DecryptAsync(await EncryptAsync(largest, 0), 0)).Length);

        await Assert.ThrowsAsync<ArgumentException>(() => EncryptAsync(new byte[ChunkCipher.MaxPlaintextBytes + 1], 0));
    }

    [Fact]
    public async Task A_single_flipped_bit_in_the_ciphertext_is_detected()
    {
        var encrypted = await EncryptAsync(Recordings.Chunk(0), 0);
        encrypted[^1] ^= 0x01;

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted, 0));
    }

    [Fact]
    public async Task A_tampered_nonce_is_detected()
    {
        var encrypted = await EncryptAsync(Recordings.Chunk(0), 0);
        encrypted[5] ^= 0x80;

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted, 0));
    }

    [Fact]
    public async Task Two_chunks_swapped_in_storage_are_detected()
    {
        var first = await EncryptAsync(Recordings.Chunk(1), 1);
        var second = await EncryptAsync(Recordings.Chunk(2), 2);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(second, 1));
        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(first, 2));
    }

    [Fact]
    public async Task A_chunk_moved_into_another_recording_is_detected()
    {
        var encrypted = await EncryptAsync(Recordings.Chunk(0), 0);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted, 0, recording: Guid.NewGuid()));
    }

    [Fact]
    public async Task A_wrong_data_key_is_detected()
    {
        var encrypted = await EncryptAsync(Recordings.Chunk(0), 0);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted, 0, key: KeyWrapping.NewKey()));
    }

    [Fact]
    public async Task A_truncated_or_foreign_blob_is_refused_explicitly()
    {
        var encrypted = await EncryptAsync(Recordings.Chunk(0), 0);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted[..10], 0));
        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(encrypted[..^1], 0));
        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => DecryptAsync(Recordings.Chunk(0), 0));
    }

    [Fact]
    public async Task The_same_chunk_encrypted_twice_never_gives_the_same_bytes()
    {
        var plaintext = Recordings.Chunk(0);

        Assert.NotEqual(await EncryptAsync(plaintext, 0), await EncryptAsync(plaintext, 0));
    }
}
