namespace Platform.Evidence.Storage.Blobs;

/// <summary>Holds encrypted chunks only; never sees a key or a plaintext byte.</summary>
public interface IEvidenceBlobStore
{
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Null when no blob has that key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Succeeds when the blob is already gone, so an erasure can be retried.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);
}

public static class EvidenceBlobKeys
{
    public static string Chunk(Guid recordingId, int sequence) =>
        FormattableString.Invariant($"{recordingId:D}/{sequence:D6}");
}
