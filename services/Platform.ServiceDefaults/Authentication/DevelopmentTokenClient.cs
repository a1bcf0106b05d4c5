using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// Asks the identity service's development client (never enabled in Production) for a token: what ./platform token and
/// the end-to-end tests use, so every token they hold went through the same issuer, keys and validation as production's.
/// </summary>
public static class DevelopmentTokenClient
{
    public const string ClientId = "platform-dev";
    public const string GrantType = "urn:platform:development";

    /// <param name="identity">The identity service's (or the gateway's) base address; the token endpoint is /connect/token.</param>
    public static string Request(HttpClient http, Uri identity, string role, Guid? associationId, Guid subject,
        IReadOnlyList<string>? rights = null, int lifetimeMinutes = 60)
    {
        // Synchronous on purpose: tests ask for tokens inline (Tokens.Operator(...)), and a blocking send never deadlocks.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(identity, "/connect/token"))
        {
            Content = new FormUrlEncodedContent(Form(role, associationId, subject, rights, lifetimeMinutes)),
        };
        using var response = http.Send(request);
        var body = response.Content.ReadFromJsonAsync<TokenResponse>().GetAwaiter().GetResult();
        return response.IsSuccessStatusCode && body?.AccessToken is { } token
            ? token
            : throw new InvalidOperationException(
                $"The identity service refused a development token ({(int)response.StatusCode}): {body?.Error} {body?.ErrorDescription}");
    }

    private static Dictionary<string, string> Form(string role, Guid? associationId, Guid subject, IReadOnlyList<string>? rights,
        int lifetimeMinutes)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = GrantType,
            ["client_id"] = ClientId,
            ["role"] = role,
            ["subject"] = subject.ToString(),
            ["lifetime_minutes"] = lifetimeMinutes.ToString(CultureInfo.InvariantCulture),
        };
        if (associationId is { } association)
        {
            form["association_id"] = association.ToString();
        }
        if (rights is { Count: > 0 })
        {
            form["rights"] = string.Join(' ', rights);
        }
        return form;
    }

    /// <summary>The token endpoint's answer (RFC 6749 section 5), success or error.</summary>
    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}
