using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Evidence.Storage.Keys;

/// <summary>What a wrapped key is for; in the associated data so a beneficiary key never unwraps as a recording key.</summary>
public enum WrappedKeyPurpose
{
    BeneficiaryKey = 1,
    RecordingKey = 2,
}

/// <summary>Pure AES-256-GCM key wrapping. Where the records live is the caller's business.</summary>
public static class KeyWrapping
{
    public const int KeySizeBytes = 32;
    public const int NonceSizeBytes = 12;
    public const int TagSizeBytes = 16;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySizeBytes);

    public static WrappedKey Wrap(
        ReadOnlySpan<byte> wrappingKey, ReadOnlySpan<byte> key, WrappedKeyPurpose purpose, string ownerId, string keyId, int version)
    {
        RequireKeySize(wrappingKey, nameof(wrappingKey));
        RequireKeySize(key, nameof(key));
        var nonce = RandomNumberGenerator.GetBytes(NonceSizeBytes);
        var ciphertext = new byte[key.Length];
        var tag = new byte[TagSizeBytes];
        using var aes = new AesGcm(wrappingKey, TagSizeBytes);
        aes.Encrypt(nonce, key, ciphertext, tag, AssociatedData(purpose, ownerId, keyId, version));
        return new WrappedKey(keyId, version, nonce, ciphertext, tag);
    }

    /// <summary>The caller zeroes the returned key when done with it.</summary>
    public static byte[] Unwrap(ReadOnlySpan<byte> wrappingKey, WrappedKey wrapped, WrappedKeyPurpose purpose, string ownerId)
    {
        RequireKeySize(wrappingKey, nameof(wrappingKey));
        if (wrapped.Nonce.Length != NonceSizeBytes || wrapped.Tag.Length != TagSizeBytes || wrapped.Ciphertext.Length != KeySizeBytes)
        {
            throw new EvidenceDecryptionException($"Wrapped key {wrapped.KeyId} is malformed.");
        }

        var key = new byte[KeySizeBytes];
        try
        {
            using var aes = new AesGcm(wrappingKey, TagSizeBytes);
            aes.Decrypt(wrapped.Nonce, wrapped.Ciphertext, wrapped.Tag, key,
                AssociatedData(purpose, ownerId, wrapped.KeyId, wrapped.Version));
            return key;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new EvidenceDecryptionException(
                $"Wrapped key {wrapped.KeyId} does not unwrap for owner {ownerId}: wrong key, wrong owner or tampered.", e);
        }
    }

    // Length-prefixed fields: ("ab","c") and ("a","bc") must not give the same bytes.
    private static byte[] AssociatedData(WrappedKeyPurpose purpose, string ownerId, string keyId, int version)
    {
        using var buffer = new MemoryStream();
        WriteField(buffer, "platform.evidence.wrapped-key.v1"u8);
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, (int)purpose);
        WriteField(buffer, number);
        WriteField(buffer, Encoding.UTF8.GetBytes(ownerId));
        WriteField(buffer, Encoding.UTF8.GetBytes(keyId));
        BinaryPrimitives.WriteInt32BigEndian(number, version);
        WriteField(buffer, number);
        return buffer.ToArray();
    }

    private static void WriteField(MemoryStream buffer, ReadOnlySpan<byte> field)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, field.Length);
        buffer.Write(length);
        buffer.Write(field);
    }

    private static void RequireKeySize(ReadOnlySpan<byte> key, string name)
    {
        if (key.Length != KeySizeBytes)
        {
            throw new ArgumentException($"An AES-256 key is {KeySizeBytes} bytes.", name);
        }
    }
}
