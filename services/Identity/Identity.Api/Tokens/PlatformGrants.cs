using Platform.ServiceDefaults.Authentication;

namespace Platform.Identity.Api.Tokens;

/// <summary>The clients the platform registers, and its own grant types (documented in the README for app developers).</summary>
public static class PlatformGrants
{
    /// <summary>Her app exchanges a one-time activation code (parameter <c>activation_code</c>) for tokens.</summary>
    public const string ActivationCode = "urn:platform:activation_code";
    public const string ActivationCodeParameter = "activation_code";

    /// <summary>Development only: any role for anyone (parameters role, subject, association_id, rights, lifetime_minutes).</summary>
    public const string Development = DevelopmentTokenClient.GrantType;

    /// <summary>Her app: a public client (a phone keeps no secret); its tokens are bound to her by the code, not the client.</summary>
    public const string AppClient = "platform-app";
    public const string DevelopmentClient = DevelopmentTokenClient.ClientId;
    /// <summary>The association console (a browser app): authorization code + PKCE, staff only.</summary>
    public const string ConsoleClient = "platform-console";

    /// <summary>The audience every platform service validates.</summary>
    public const string Audience = "platform";
}
