using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Identity.Api.HerApp;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Storage;
using Platform.ServiceDefaults.Authentication;
using System.Globalization;
using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Api.Tokens;

/// <summary>
/// /connect/token after OpenIddict has checked the client and the grant: decides who the tokens are for. Every claim comes
/// from this service's data (her enrolment, the session), never from the request, except for the development grant.
/// </summary>
public static class TokenEndpoint
{
    public static void MapTokenEndpoint(this WebApplication app) =>
        app.MapPost("/connect/token", async (HttpContext http, IdentityDb db, AppSessions sessions, TimeProvider time,
                IOptions<IdentityServerOptions> options, CancellationToken cancellationToken) =>
            {
                var request = http.GetOpenIddictServerRequest()
                    ?? throw new InvalidOperationException("The OpenIddict request is missing: the passthrough is misconfigured.");
                if (request.GrantType == PlatformGrants.ActivationCode)
                {
                    return await ActivateHerAppAsync(request, db, sessions, time, options.Value, cancellationToken);
                }
                if (request.IsRefreshTokenGrantType() || request.IsAuthorizationCodeGrantType())
                {
                    return await RenewAsync(http, db, time, options.Value, cancellationToken);
                }
                if (request.GrantType == PlatformGrants.Development && options.Value.DevelopmentClient)
                {
                    return Development(request);
                }
                return Refuse(Errors.UnsupportedGrantType, "This grant type is not offered.");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static async Task<IResult> ActivateHerAppAsync(OpenIddictRequest request, IdentityDb db, AppSessions sessions,
        TimeProvider time, IdentityServerOptions options, CancellationToken cancellationToken)
    {
        if ((string?)request.GetParameter(PlatformGrants.ActivationCodeParameter) is not { } typed || string.IsNullOrWhiteSpace(typed))
        {
            return Refuse(Errors.InvalidRequest, $"The {PlatformGrants.ActivationCodeParameter} parameter is missing.");
        }
        var now = time.GetUtcNow();
        var hash = ActivationCodes.Hash(typed);
        // Used once: the update that marks it used is the check, so two phones racing with one code get one session.
        var code = await db.ActivationCodes.SingleOrDefaultAsync(activation => activation.CodeHash == hash, cancellationToken);
        var claimed = code is not null && code.ExpiresAt > now && await db.ActivationCodes
            .Where(activation => activation.Id == code.Id && activation.UsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(activation => activation.UsedAt, now), cancellationToken) == 1;
        if (!claimed)
        {
            // One answer for unknown, used and expired: a guesser learns nothing.
            return Refuse(Errors.InvalidGrant, "This activation code is not valid (unknown, already used or expired). Ask your association for a new one.");
        }
        var her = await db.HerAccounts.SingleAsync(account => account.BeneficiaryId == code!.BeneficiaryId, cancellationToken);
        // One phone at a time: a new activation ends the sessions of the phone before.
        await sessions.RevokeAllAsync(her.BeneficiaryId, her.AssociationId, SessionEnd.Replaced, cancellationToken);
        var session = await sessions.OpenAsync(her, cancellationToken);
        return SignIn(HerPrincipal(her, session.Id, options));
    }

    /// <summary>
    /// A refresh token (her app, a console) or a staff member's authorization code: tokens again for the same session, if
    /// it is still open, with the claims read again (a transfer, a right granted or taken shows in the next token).
    /// </summary>
    private static async Task<IResult> RenewAsync(HttpContext http, IdentityDb db, TimeProvider time,
        IdentityServerOptions options, CancellationToken cancellationToken)
    {
        var presented = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (presented is null || !Guid.TryParse(presented.GetClaim(PlatformClaims.Session), out var sessionId)
            || !Guid.TryParse(presented.GetClaim(Claims.Subject), out var subject))
        {
            return Refuse(Errors.InvalidGrant, "This token is not valid.");
        }
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.Subject == subject && s.RevokedAt == null,
            cancellationToken);
        ClaimsPrincipal? renewed = null;
        if (session?.Kind == SessionKind.App
            && await db.HerAccounts.SingleOrDefaultAsync(account => account.BeneficiaryId == subject, cancellationToken) is { } her)
        {
            renewed = HerPrincipal(her, session.Id, options);
        }
        else if (session?.Kind == SessionKind.Staff
            && await db.Staff.SingleOrDefaultAsync(staff => staff.Id == subject && staff.DisabledAt == null, cancellationToken) is { } staff)
        {
            renewed = Staff.SigningInStaff.StaffPrincipal(staff, session.Id);
            renewed.SetScopes(presented.GetScopes());
        }
        if (renewed is null)
        {
            return Refuse(Errors.InvalidGrant, "This session has ended. Sign in again (her app: ask her association for a new activation code).");
        }
        session!.LastUsedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return SignIn(renewed);
    }

    private static ClaimsPrincipal HerPrincipal(HerAccount her, Guid sessionId, IdentityServerOptions options)
    {
        var identity = NewIdentity(her.BeneficiaryId, PlatformRoles.Beneficiary, her.AssociationId, []);
        identity.SetClaim(PlatformClaims.Session, sessionId.ToString());
        identity.SetScopes(Scopes.OfflineAccess);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAccessTokenLifetime(options.AppAccessTokenLifetime);
        return WithDestinations(principal);
    }

    private static IResult Development(OpenIddictRequest request)
    {
        var role = (string?)request.GetParameter("role") ?? "";
        if (!PlatformRoles.All.Contains(role))
        {
            return Refuse(Errors.InvalidRequest, $"role must be one of {string.Join(", ", PlatformRoles.All)}.");
        }
        var subject = Guid.TryParse((string?)request.GetParameter("subject"), out var given) ? given : Guid.CreateVersion7();
        Guid? association = Guid.TryParse((string?)request.GetParameter("association_id"), out var named) ? named : null;
        var rights = ((string?)request.GetParameter("rights") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rights.FirstOrDefault(right => !PlatformRights.All.Contains(right)) is { } unknown)
        {
            return Refuse(Errors.InvalidRequest, $"Unknown right '{unknown}'.");
        }
        var minutes = int.TryParse((string?)request.GetParameter("lifetime_minutes"), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 30;
        if (minutes is < 1 or > DevelopmentTokens.MaxLifetimeMinutes)
        {
            return Refuse(Errors.InvalidRequest, $"lifetime_minutes must be 1 to {DevelopmentTokens.MaxLifetimeMinutes}.");
        }
        var principal = new ClaimsPrincipal(NewIdentity(subject, role, association, rights));
        principal.SetAccessTokenLifetime(TimeSpan.FromMinutes(minutes));
        return SignIn(WithDestinations(principal));
    }

    private static ClaimsIdentity NewIdentity(Guid subject, string role, Guid? associationId, string[] rights)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Subject, PlatformClaims.Role);
        identity.SetClaim(Claims.Subject, subject.ToString());
        identity.SetClaim(PlatformClaims.Role, role);
        if (associationId is { } association)
        {
            identity.SetClaim(PlatformClaims.AssociationId, association.ToString());
        }
        if (rights.Length > 0)
        {
            identity.SetClaims(PlatformClaims.Rights, [.. rights]);
        }
        identity.SetAudiences(PlatformGrants.Audience);
        return identity;
    }

    private static ClaimsPrincipal WithDestinations(ClaimsPrincipal principal)
    {
        // Everything the services read goes into the access token; there is no ID token in these grants.
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        return principal;
    }

    private static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
