using System.ComponentModel.DataAnnotations;

namespace Platform.OperatorConsole.Signing;

/// <summary>Where the console finds the rest of the platform (in-cluster addresses) and how long a quiet session lasts.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";
    /// <summary>The identity service's public OAuth client for browser apps (authorization code + PKCE).</summary>
    public const string ClientId = "platform-console";

    /// <summary>The identity service, reached directly (discovery, keys, token renewals): <c>Auth:Authority</c>.</summary>
    [Required]
    public Uri? Identity { get; set; }

    /// <summary>The issuer tokens name (the gateway's public address): <c>Auth:Issuer</c>.</summary>
    [Required]
    public Uri? Issuer { get; set; }

    /// <summary>The gateway, reached from the console's server for every API call, with the staff member's own token.</summary>
    [Required]
    public Uri? Gateway { get; set; }

    /// <summary>False only where the identity service is reached over a private network (local runs, in-cluster http).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long before its end an access token is renewed (10 minutes long: a shift renews it many times).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:09:55")]
    public TimeSpan RenewTokensBefore { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A screen nobody touched this long signs out: a social worker's desk is not always attended.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "08:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
