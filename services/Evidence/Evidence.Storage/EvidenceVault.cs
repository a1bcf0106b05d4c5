using Platform.Evidence.Storage.Blobs;
using Platform.Evidence.Storage.Chunks;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Storage;

/// <summary>Keys, chunk encryption and a blob store put together: what an upload or a playback endpoint calls, one chunk at a time.</summary>
public sealed class EvidenceVault(EvidenceKeyring keyring, IEvidenceBlobStore blobs)
{
    public async Task StoreChunkAsync(
        Guid beneficiaryId, Guid recordingId, int sequence, Stream plaintext, CancellationToken cancellationToken = default)
    {
        var dataKey = await keyring.GetOrCreateRecordingKeyAsync(beneficiaryId, recordingId, cancellationToken);
        try
        {
            using var encrypted = new MemoryStream();
            await ChunkCipher.EncryptChunkAsync(plaintext, encrypted, dataKey, recordingId, sequence, cancellationToken);
            encrypted.Position = 0;
            await blobs.PutAsync(EvidenceBlobKeys.Chunk(recordingId, sequence), encrypted, cancellationToken);
        }
        finally
        {
            Array.Clear(dataKey);
        }
    }

    /// <summary>A chunk already in memory (an upload's body): encrypted straight into its stored form, without copies.</summary>
    public async Task StoreChunkAsync(
        Guid beneficiaryId, Guid recordingId, int sequence, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken = default)
    {
        var dataKey = await keyring.GetOrCreateRecordingKeyAsync(beneficiaryId, recordingId, cancellationToken);
        byte[] sealedChunk;
        try
        {
            sealedChunk = ChunkCipher.EncryptChunk(plaintext.Span, dataKey, recordingId, sequence);
        }
        finally
        {
            Array.Clear(dataKey);
        }
        using var encrypted = new MemoryStream(sealedChunk, writable: false);
        await blobs.PutAsync(EvidenceBlobKeys.Chunk(recordingId, sequence), encrypted, cancellationToken);
    }

    /// <summary>False when the chunk was never stored; throws <see cref="EvidenceDecryptionException"/> when it does not authenticate.</summary>
    public async Task<bool> ReadChunkAsync(
        Guid beneficiaryId, Guid recordingId, int sequence, Stream output, CancellationToken cancellationToken = default)
    {
        await using var encrypted = await blobs.OpenReadAsync(EvidenceBlobKeys.Chunk(recordingId, sequence), cancellationToken);
        if (encrypted is null)
        {
            return false;
        }

        var dataKey = await keyring.GetRecordingKeyAsync(beneficiaryId, recordingId, cancellationToken);
        try
        {
            await ChunkCipher.DecryptChunkAsync(encrypted, output, dataKey, recordingId, sequence, cancellationToken);
            return true;
        }
        finally
        {
            Array.Clear(dataKey);
        }
    }
}
