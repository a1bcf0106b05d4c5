using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Platform.Identity.Api.HerApp;
using Platform.Identity.Api.Storage;
using Platform.Identity.Contracts;

namespace Platform.Identity.Api.Sessions;

/// <summary>Her app's sessions: opened by an activation code, ended when her phone is seized or her session is copied.</summary>
public sealed class AppSessions(IdentityDb db, IOpenIddictTokenManager tokens, TimeProvider time)
{
    public async Task<Session> OpenAsync(HerAccount her, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var session = new Session
        {
            Id = Guid.CreateVersion7(now), Subject = her.BeneficiaryId, AssociationId = her.AssociationId, Kind = SessionKind.App,
            CreatedAt = now, LastUsedAt = now,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>
    /// Ends every session of her app: listed as revoked (every service refuses their access tokens within its poll), and
    /// their refresh tokens revoked in the store (none can be renewed). Her association hears of it through the outbox.
    /// </summary>
    /// <returns>How many sessions were still open.</returns>
    public async Task<int> RevokeAllAsync(Guid beneficiaryId, Guid associationId, SessionEnd reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var open = await db.Sessions
            .Where(session => session.Subject == beneficiaryId && session.Kind == SessionKind.App && session.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var session in open)
        {
            session.RevokedAt = now;
            session.RevokedBecause = reason;
        }
        if (reason is SessionEnd.PhoneSeized or SessionEnd.RefreshTokenReused)
        {
            var eventId = Guid.CreateVersion7(now);
            db.Outbox.Add(PendingMessage.For(eventId, new AppSessionsRevoked(eventId, now, associationId, beneficiaryId,
                reason == SessionEnd.PhoneSeized ? AppSessionsRevokedReason.PhoneSeized : AppSessionsRevokedReason.RefreshTokenReused,
                open.Count), now));
        }
        await db.SaveChangesAsync(cancellationToken);
        await foreach (var token in tokens.FindBySubjectAsync(beneficiaryId.ToString(), cancellationToken))
        {
            if (await tokens.HasStatusAsync(token, OpenIddictConstants.Statuses.Valid, cancellationToken)
                || await tokens.HasStatusAsync(token, OpenIddictConstants.Statuses.Redeemed, cancellationToken))
            {
                await tokens.TryRevokeAsync(token, cancellationToken);
            }
        }
        return open.Count;
    }

    public async Task<bool> IsOpenAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await db.Sessions.AnyAsync(session => session.Id == sessionId && session.RevokedAt == null, cancellationToken);

    public Task<List<Session>> ListAsync(Guid subject, CancellationToken cancellationToken) =>
        db.Sessions.Where(session => session.Subject == subject).OrderByDescending(session => session.CreatedAt).ToListAsync(cancellationToken);
}
