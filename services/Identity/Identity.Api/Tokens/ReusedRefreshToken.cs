using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Storage;
using Platform.ServiceDefaults.Authentication;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Platform.Identity.Api.Tokens;

/// <summary>
/// A refresh token presented again after it was exchanged (beyond the retry leeway) means two holders of her session:
/// her phone and a copy. OpenIddict then refuses it and revokes that token family; this handler, just before, revokes her
/// app's sessions everywhere (their access tokens too, through the revocation list) and tells her association. Her new
/// phone is enrolled with a new code. Presses never depend on this: a refused session costs her the app, not the button.
/// </summary>
public sealed class ReusedRefreshToken(IOpenIddictTokenManager tokens, IdentityDb db, AppSessions sessions, TimeProvider time,
    IOptions<IdentityServerOptions> options, ILogger<ReusedRefreshToken> logger) : IOpenIddictServerHandler<ValidateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseScopedHandler<ReusedRefreshToken>()
            .SetOrder(OpenIddictServerHandlers.Protection.ValidateTokenEntry.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is not { } principal || !principal.HasTokenType(OpenIddictConstants.TokenTypeIdentifiers.RefreshToken)
            || string.IsNullOrEmpty(context.TokenId)
            || await tokens.FindByIdAsync(context.TokenId) is not { } token
            || !await tokens.HasStatusAsync(token, OpenIddictConstants.Statuses.Redeemed)
            || await tokens.GetRedemptionDateAsync(token) is not { } redeemedAt
            || redeemedAt + options.Value.RefreshTokenReuseLeeway > time.GetUtcNow())
        {
            return;
        }
        if (!Guid.TryParse(principal.GetClaim(OpenIddictConstants.Claims.Subject), out var subject)
            || await db.HerAccounts.SingleOrDefaultAsync(her => her.BeneficiaryId == subject) is not { } her)
        {
            return;
        }
        var revoked = await sessions.RevokeAllAsync(her.BeneficiaryId, her.AssociationId, SessionEnd.RefreshTokenReused, CancellationToken.None);
        logger.LogWarning("A refresh token of session {Session} was presented again {Late} after its use: {Count} app session(s) revoked.",
            principal.GetClaim(PlatformClaims.Session), time.GetUtcNow() - redeemedAt, revoked);
    }
}
