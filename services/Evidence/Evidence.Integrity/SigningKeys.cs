using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Platform.Evidence.Integrity;

public static class KeyIds
{
    // Derived from the key itself, so a key set cannot name a key by someone else's id.
    public static string Of(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Base64Url.EncodeToString(SHA256.HashData(subjectPublicKeyInfo).AsSpan(0, 16));
}

/// <summary>An ECDSA P-256 private key; ES256 because .NET has it built in (Ed25519 it has not).</summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        SubjectPublicKeyInfo = key.ExportSubjectPublicKeyInfo();
        KeyId = KeyIds.Of(SubjectPublicKeyInfo.Span);
    }

    public string KeyId { get; }

    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    public static SigningKey FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        if (!PublishedKey.IsP256(key))
        {
            key.Dispose();
            throw new CryptographicException("evidence is signed with P-256 keys only");
        }
        return new SigningKey(key);
    }

    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    public byte[] Sign(ReadOnlySpan<byte> data) =>
        _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public PublishedKey Publish(DateTimeOffset notBefore, DateTimeOffset? notAfter = null) =>
        new(KeyId, Convert.ToBase64String(SubjectPublicKeyInfo.Span), notBefore, notAfter);

    public void Dispose() => _key.Dispose();
}

public sealed record PublishedKey(string Kid, string Spki, DateTimeOffset NotBefore, DateTimeOffset? NotAfter)
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public bool WasValidAt(DateTimeOffset instant) => instant >= NotBefore && (NotAfter is null || instant < NotAfter);

    public bool KidMatchesKey() => KeyIds.Of(Convert.FromBase64String(Spki)) == Kid;

    public bool Verifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(Spki), out _);
        return IsP256(key)
            && key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    internal static bool IsP256(ECDsa key) => key.ExportParameters(false).Curve.Oid?.Value == P256Oid;
}

/// <summary>
/// The keys the platform publishes. Rotation adds a key and closes the old one's window; old keys stay listed
/// so that evidence sealed years ago still verifies.
/// </summary>
public sealed record PublicKeySet(IReadOnlyList<PublishedKey> Keys)
{
    public PublishedKey? Find(string kid) => Keys.FirstOrDefault(k => k.Kid == kid);

    public byte[] ToJson() => CanonicalJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("keys");
        foreach (var key in Keys)
        {
            writer.WriteStartObject();
            writer.WriteString("kid", key.Kid);
            writer.WriteString("spki", key.Spki);
            writer.WriteString("notBefore", CanonicalJson.Timestamp(key.NotBefore));
            if (key.NotAfter is { } notAfter)
            {
                writer.WriteString("notAfter", CanonicalJson.Timestamp(notAfter));
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    });

    public static PublicKeySet Parse(ReadOnlySpan<byte> json) => CanonicalJson.Read(json, root => new PublicKeySet(
        [.. CanonicalJson.Required(root, "keys", JsonValueKind.Array).EnumerateArray().Select(key => new PublishedKey(
            CanonicalJson.RequiredString(key, "kid"),
            CanonicalJson.RequiredString(key, "spki"),
            CanonicalJson.RequiredTimestamp(key, "notBefore"),
            CanonicalJson.OptionalString(key, "notAfter") is { } notAfter ? CanonicalJson.ParseTimestamp(notAfter) : null))]));
}
