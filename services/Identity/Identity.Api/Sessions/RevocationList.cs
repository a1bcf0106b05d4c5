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
                // A session's access tokens live 10 minutes at most: one revoked earlier than that has none left alive, and
                // its refresh tokens cannot be redeemed (the token endpoint checks the session).
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
    /// <summary>
    /// Longer than any access token a session gets (her app's and staff's: 10 minutes at most) plus the services' clock
    /// skew, so no token outlives its session's entry. Development tokens belong to no session.
    /// </summary>
    public static readonly TimeSpan KeepOnRevocationList = TimeSpan.FromMinutes(15);
}
