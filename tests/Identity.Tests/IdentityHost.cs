using Platform.Testing;

namespace Platform.Identity.Tests;

/// <summary>The identity service alone, on its own database and virtual host, signing with a test key.</summary>
public sealed class IdentityHost() : ServiceHost<Program>("identity")
{
    public const string Issuer = "http://localhost/";
    public string EncryptionKey { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Identity:Issuer", Issuer),
        new("Identity:EncryptionKey", EncryptionKey),
        new("Identity:SigningKeyFile", Path.Combine(Tokens.KeyDirectory, "signing-key.pem")),
        new("Identity:RequireHttps", "false"),
    ];
}
