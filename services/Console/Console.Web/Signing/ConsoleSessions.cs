using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Platform.OperatorConsole.Signing;

/// <summary>
/// The staff member's tokens, kept on the server: her browser holds only a cookie naming the session, so no script in the
/// page can ever read a token. Access tokens live 10 minutes; this renews them with the refresh token before they lapse.
/// A restart of the console forgets the sessions: she signs in again (the identity service's own session usually makes
/// that a redirect and a second factor).
/// </summary>
public sealed class ConsoleSessions(IHttpClientFactory clients, ConsoleOptions options, TimeProvider time, ILogger<ConsoleSessions> logger)
{
    public const string SessionClaim = "console_session";
    public const string HttpClientName = "identity";

    private readonly ConcurrentDictionary<string, Held> _sessions = new();

    /// <returns>The key the cookie carries.</returns>
    public string Open(OpenIdConnectMessage tokenResponse)
    {
        // Sessions nobody closed (a browser just left open, then gone) end with their cookie: none is kept longer.
        var now = time.GetUtcNow();
        foreach (var (stale, _) in _sessions.Where(session => now - session.Value.OpenedAt > ConsoleSignIn.SessionLifetime))
        {
            _sessions.TryRemove(stale, out _);
        }
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _sessions[key] = new Held(Tokens.From(tokenResponse.AccessToken, tokenResponse.RefreshToken, tokenResponse.ExpiresIn, time), now);
        return key;
    }

    public bool IsOpen(string? key) => key is not null && _sessions.ContainsKey(key);

    public void Close(string? key)
    {
        if (key is not null)
        {
            _sessions.TryRemove(key, out _);
        }
    }

    /// <returns>A valid access token, renewed if it was about to lapse; null when the session is over (sign in again).</returns>
    public async Task<string?> AccessTokenAsync(string? key, CancellationToken cancellationToken)
    {
        if (key is null || !_sessions.TryGetValue(key, out var held))
        {
            return null;
        }
        if (held.Tokens.ExpiresAt - time.GetUtcNow() > options.RenewTokensBefore)
        {
            return held.Tokens.AccessToken;
        }
        // One renewal at a time per session: the identity service treats a refresh token used twice as stolen.
        await held.Renewing.WaitAsync(cancellationToken);
        try
        {
            if (held.Tokens.ExpiresAt - time.GetUtcNow() > options.RenewTokensBefore)
            {
                return held.Tokens.AccessToken;
            }
            if (held.Tokens.RefreshToken is null)
            {
                Close(key);
                return null;
            }
            using var response = await clients.CreateClient(HttpClientName).PostAsync(new Uri(options.Identity!, "connect/token"),
                new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token", ["client_id"] = ConsoleOptions.ClientId, ["refresh_token"] = held.Tokens.RefreshToken,
                }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // Revoked (signed out everywhere, account disabled) or expired: the session ends here.
                logger.LogInformation("A console session ended: its renewal was refused ({Status}).", (int)response.StatusCode);
                Close(key);
                return null;
            }
            var renewed = (await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken))!;
            held.Tokens = Tokens.From(renewed.AccessToken, renewed.RefreshToken ?? held.Tokens.RefreshToken, renewed.ExpiresIn.ToString(
                System.Globalization.CultureInfo.InvariantCulture), time);
            return held.Tokens.AccessToken;
        }
        finally
        {
            held.Renewing.Release();
        }
    }

    private sealed class Held(Tokens tokens, DateTimeOffset openedAt)
    {
        public Tokens Tokens { get; set; } = tokens;
        public DateTimeOffset OpenedAt { get; } = openedAt;
        public SemaphoreSlim Renewing { get; } = new(1, 1);
    }

    private sealed record Tokens(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)
    {
        public static Tokens From(string accessToken, string? refreshToken, string? expiresIn, TimeProvider time) =>
            new(accessToken, refreshToken, time.GetUtcNow().AddSeconds(int.TryParse(expiresIn, out var seconds) ? seconds : 300));
    }

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
