namespace Platform.Evidence.Storage.Keys;

/// <summary>
/// The top of the hierarchy. Comes from configuration today (base64, 32 bytes), a secret store later;
/// it never wraps recordings directly, so rotating it rewraps one small record per beneficiary.
/// </summary>
public sealed class MasterKey : IDisposable
{
    private readonly byte[] _key;

    private MasterKey(byte[] key) => _key = key;

    public static MasterKey FromBase64(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            throw new InvalidOperationException("Evidence storage needs a master key (base64, 32 bytes).");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException("The evidence master key is not valid base64.", e);
        }

        if (key.Length != KeyWrapping.KeySizeBytes)
        {
            Array.Clear(key);
            throw new InvalidOperationException($"The evidence master key must be {KeyWrapping.KeySizeBytes} bytes.");
        }

        return new MasterKey(key);
    }

    internal ReadOnlySpan<byte> Bytes => _key;

    public void Dispose() => Array.Clear(_key);
}
