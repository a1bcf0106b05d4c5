namespace Platform.Evidence.Storage;

/// <summary>
/// Evidence that does not authenticate: tampered, swapped, reordered, or its key is gone (shredded) or wrong.
/// One explicit type so callers never mistake a failed check for an empty or partial recording.
/// </summary>
public sealed class EvidenceDecryptionException : Exception
{
    public EvidenceDecryptionException() { }

    public EvidenceDecryptionException(string message) : base(message) { }

    public EvidenceDecryptionException(string message, Exception innerException) : base(message, innerException) { }
}
