using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// Encrypts endpoints' signing secrets at rest with AES-256-GCM under the configured key. Each ciphertext is bound to its
/// endpoint (associated data): a secret copied onto another endpoint's record does not decrypt.
/// </summary>
public sealed class WebhookSecretVault(IOptions<WebhookSettings> settings)
{
    private const string Version = "v1";
    private readonly Lazy<byte[]> _key = new(() => ReadKey(settings.Value.SecretKey));

    public StoredWebhookSecret Protect(Guid endpointId, WebhookSecret secret, DateTimeOffset createdAt)
    {
        var plain = Encoding.UTF8.GetBytes(secret.Reveal());
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key.Value, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag, endpointId.ToByteArray());
        CryptographicOperations.ZeroMemory(plain);
        return new StoredWebhookSecret($"{Version}.{Convert.ToBase64String(nonce)}.{Convert.ToBase64String(cipher)}.{Convert.ToBase64String(tag)}",
            createdAt);
    }

    public WebhookSecret Reveal(Guid endpointId, StoredWebhookSecret stored)
    {
        var parts = stored.Encrypted.Split('.');
        if (parts is not [Version, var nonce, var cipher, var tag])
        {
            throw new CryptographicException("Not a stored webhook secret of a known version.");
        }
        var cipherBytes = Convert.FromBase64String(cipher);
        var plain = new byte[cipherBytes.Length];
        var tagBytes = Convert.FromBase64String(tag);
        using var aes = new AesGcm(_key.Value, tagBytes.Length);
        aes.Decrypt(Convert.FromBase64String(nonce), cipherBytes, tagBytes, plain, endpointId.ToByteArray());
        try
        {
            return WebhookSecret.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    private static byte[] ReadKey(string? configured)
    {
        var key = string.IsNullOrWhiteSpace(configured) ? null : Convert.FromBase64String(configured);
        return key is { Length: 32 }
            ? key
            : throw new InvalidOperationException($"{WebhookSettings.Section}:SecretKey must be the base64 of 32 random bytes.");
    }
}
