using System.Buffers.Text;
using System.Security.Cryptography;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class SigningManifests
{
    [Fact]
    public void The_key_id_is_the_first_16_bytes_of_the_spki_sha256_in_base64url()
    {
        using var key = SigningKey.Generate();

        var expected = Base64Url.EncodeToString(SHA256.HashData(key.SubjectPublicKeyInfo.Span).AsSpan(0, 16));

        Assert.Equal(expected, key.KeyId);
        Assert.Equal(22, key.KeyId.Length);
    }

    [Fact]
    public void A_signature_is_64_bytes_of_p1363_and_verifies_with_the_published_key_after_rotation()
    {
        using var oldKey = SigningKey.Generate();
        using var newKey = SigningKey.Generate();
        var rotatedAt = SampleRecording.StartedAt;
        var published = PublicKeySet.Parse(new PublicKeySet([
            oldKey.Publish(rotatedAt.AddYears(-1), notAfter: rotatedAt),
            newKey.Publish(rotatedAt)]).ToJson());
        var manifest = "{\"manifestVersion\":1}"u8.ToArray();

        var signature = ManifestSigner.Sign(manifest, oldKey);

        Assert.Equal(64, Convert.FromBase64String(signature.Signature).Length);
        Assert.True(ManifestSigner.Verify(manifest, signature, published.Find(signature.Kid)!));
        Assert.False(ManifestSigner.Verify(manifest, signature, published.Find(newKey.KeyId)!));
        Assert.False(published.Find(oldKey.KeyId)!.WasValidAt(rotatedAt));
    }

    [Fact]
    public void A_private_key_survives_export_and_import()
    {
        using var key = SigningKey.Generate();

        using var reloaded = SigningKey.FromPkcs8(key.ExportPkcs8());
        var signature = ManifestSigner.Sign("m"u8, reloaded);

        Assert.Equal(key.KeyId, reloaded.KeyId);
        Assert.True(ManifestSigner.Verify("m"u8, signature, key.Publish(SampleRecording.StartedAt)));
    }
}
