using Microsoft.IdentityModel.Tokens;
using System.Security.Cryptography;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// The local stand-in for an identity provider's key: an ECDSA P-256 pair generated on first run.
/// Services only ever read the public half.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string PrivateKeyFileName = "signing-key.pem";
    public const string PublicKeyFileName = "signing-key.public.pem";

    /// <summary>Creates the pair in <paramref name="directory"/> unless it exists; returns the private key.</summary>
    public static ECDsaSecurityKey LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var privatePath = Path.Combine(directory, PrivateKeyFileName);
        var publicPath = Path.Combine(directory, PublicKeyFileName);
        if (!File.Exists(privatePath))
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = privatePath + ".tmp";
            File.WriteAllText(temporary, created.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.WriteAllText(publicPath, created.ExportSubjectPublicKeyInfoPem());
            // A rename is atomic: two first runs at once never leave a half-written key behind.
            File.Move(temporary, privatePath, overwrite: false);
        }
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(privatePath));
        return WithKeyId(key);
    }

    public static ECDsaSecurityKey LoadPublicKey(string publicKeyFile)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(publicKeyFile));
        return WithKeyId(key);
    }

    public static ECDsaSecurityKey WithKeyId(ECDsa key)
    {
        var publicKey = key.ExportSubjectPublicKeyInfo();
        return new ECDsaSecurityKey(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(publicKey))[..16] };
    }
}
