namespace Platform.Evidence.Integrity;

/// <summary>manifest.sig: which key signed, with what, and the IEEE P1363 signature in base64.</summary>
public sealed record ManifestSignature(string Kid, string Alg, string Signature)
{
    public const string Es256 = "ES256";

    public byte[] ToJson() => CanonicalJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("kid", Kid);
        writer.WriteString("alg", Alg);
        writer.WriteString("signature", Signature);
        writer.WriteEndObject();
    });

    public static ManifestSignature Parse(ReadOnlySpan<byte> json) => CanonicalJson.Read(json, root => new ManifestSignature(
        CanonicalJson.RequiredString(root, "kid"),
        CanonicalJson.RequiredString(root, "alg"),
        CanonicalJson.RequiredString(root, "signature")));
}

public static class ManifestSigner
{
    // The signature covers the exact bytes of manifest.json, never a re-serialization of them.
    public static ManifestSignature Sign(ReadOnlySpan<byte> manifestJson, SigningKey key) =>
        new(key.KeyId, ManifestSignature.Es256, Convert.ToBase64String(key.Sign(manifestJson)));

    public static bool Verify(ReadOnlySpan<byte> manifestJson, ManifestSignature signature, PublishedKey key)
    {
        if (signature.Alg != ManifestSignature.Es256 || signature.Kid != key.Kid)
        {
            return false;
        }
        var bytes = new byte[signature.Signature.Length];
        return Convert.TryFromBase64String(signature.Signature, bytes, out var length)
            && key.Verifies(manifestJson, bytes.AsSpan(0, length));
    }
}
