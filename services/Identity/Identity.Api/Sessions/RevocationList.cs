using Microsoft.EntityFrameworkCore;
using Platform.Identity.Api.Storage;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Identity.Api.Sessions;

/// <summary>
/// The sessions revoked recently enough that one of their access tokens may still be alive. Every service and the gateway
/// poll it (<see cref="RevokedSessions"/>) and refuse a token whose <c>sid</c> is on it: access tokens are checked locally
/// against the signing key, so without this list a seized phone's token would work until it expires.
/// Not routed by the gateway: only the cluster's services read it.
/// </summary>
public static class RevocationList
{
    public const string Path = PlatformAuthentication.RevokedSessionsPath;

    public static void MapRevocationList(this WebApplication app) =>
        app.MapGet(Path, async (IdentityDb db, TimeProvider time, CancellationToken cancellationToken) =>
            {
                // An access token lives at most TokenLifetimes.LongestAccessToken: a session revoked before that can have
                // none left, and its refresh tokens are revoked in the store.
                var since = time.GetUtcNow() - TokenLifetimesLimits.KeepOnRevocationList;
                var sessions = await db.Sessions.Where(session => session.RevokedAt >= since)
                    .Select(session => session.Id).ToListAsync(cancellationToken);
                return new RevokedSessionList(sessions);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
}

public static class TokenLifetimesLimits
{
    /// <summary>Longer than any access token lives (development tokens included), so none outlives its session's entry.</summary>
    public static readonly TimeSpan KeepOnRevocationList = TimeSpan.FromMinutes(DevelopmentTokens.MaxLifetimeMinutes + 5);
}
