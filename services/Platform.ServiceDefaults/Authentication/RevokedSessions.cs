using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Collections.Frozen;
using System.Net.Http.Json;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>What the identity service answers at its revocation list.</summary>
public sealed record RevokedSessionList(IReadOnlyList<Guid> Sessions);

/// <summary>
/// The sessions the identity service revoked (a seized phone, a reused refresh token, a staff sign-out), fetched every
/// Auth:RevocationPollInterval (10 s): a token from one of them is refused here although its signature and dates are good.
/// The bound on how long a revoked token still works is this interval plus one fetch. If the identity service cannot be
/// reached, the last list is kept (never emptied): an outage of identity must neither stop presses nor revive a token.
/// </summary>
public sealed class RevokedSessions(IHttpClientFactory clients, Uri listAddress, TimeSpan pollInterval, ILogger<RevokedSessions> logger)
    : BackgroundService
{
    public const string HttpClientName = "revoked-sessions";
    private volatile FrozenSet<Guid> _revoked = FrozenSet<Guid>.Empty;

    public bool IsRevoked(string? sessionId) =>
        Guid.TryParse(sessionId, out var id) && _revoked.Contains(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(pollInterval);
        do
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(pollInterval);
                var list = await clients.CreateClient(HttpClientName)
                    .GetFromJsonAsync<RevokedSessionList>(listAddress, timeout.Token);
                _revoked = (list?.Sessions ?? []).ToFrozenSet();
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("The identity service's revocation list could not be read ({Error}); keeping the last one.",
                    failure.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Refuses a validated token whose session is revoked (wired into the JWT bearer's events).</summary>
    public Task RefuseRevoked(TokenValidatedContext context)
    {
        if (IsRevoked(context.Principal?.FindFirst(PlatformClaims.Session)?.Value))
        {
            context.Fail("The token's session was revoked.");
        }
        return Task.CompletedTask;
    }
}
