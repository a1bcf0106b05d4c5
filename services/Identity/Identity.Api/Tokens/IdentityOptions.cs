using System.ComponentModel.DataAnnotations;

namespace Platform.Identity.Api.Tokens;

public sealed class IdentityServerOptions
{
    public const string Section = "Identity";

    /// <summary>The public address tokens name as their issuer (the gateway's, e.g. https://api.example.org/).</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>The PEM private key tokens are signed with (ECDSA P-256, ES256), from a secret store.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Local runs only: the developers' key file (.platform/dev-keys). Refused in Production.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>32 random bytes (base64) that encrypt refresh tokens: only this service reads them.</summary>
    [Required]
    public string? EncryptionKey { get; set; }

    /// <summary>False where TLS ends before this service and the address is private (local runs).</summary>
    public bool RequireHttps { get; set; } = true;

    /// <summary>
    /// The development client (<c>./platform token</c>, the tests): mints any role for anyone. Refused in Production.
    /// </summary>
    public bool DevelopmentClient { get; set; }

    /// <summary>Where the console may receive its authorization codes (exact URLs).</summary>
    public IReadOnlyList<Uri> ConsoleRedirectUris { get; set; } = [];

    /// <summary>Her app's access tokens: short, so a phone that changed hands holds nothing for long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:10:00")]
    public TimeSpan AppAccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Her app's refresh tokens, renewed (and rotated) at each use: a phone unused this long must be enrolled again.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "180.00:00:00")]
    public TimeSpan AppRefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A refresh token presented again within this leeway is a retry (her phone lost the answer in a tunnel), not a
    /// second phone: it gets tokens again. After it, the whole session is revoked and her association told.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RefreshTokenReuseLeeway { get; set; } = TimeSpan.FromSeconds(30);
}
