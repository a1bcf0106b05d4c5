using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Storage;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using QRCoder;
using System.Security.Claims;

namespace Platform.Identity.Api.HerApp;

/// <param name="Code">Shown once, to be read out or scanned: only its hash is kept.</param>
/// <param name="QrSvg">The same code as a QR (SVG) her app scans: <see cref="QrContent"/>.</param>
/// <param name="QrContent">What the QR holds: the issuer's activation URL with the code.</param>
public sealed record ActivationCodeIssued(string Code, DateTimeOffset ExpiresAt, string QrContent, string QrSvg);

public sealed record AppSessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBecause);

public sealed record AppSessionsRevocation(int Revoked, int RefusedEverywhereWithinSeconds);

/// <summary>Her association enrols her app and cuts it off: /api/identity/beneficiaries/{id}/...</summary>
public static class HerAppApi
{
    public const string NotEnrolledProblem = "/problems/beneficiary-not-enrolled";

    public static void MapHerAppApi(this WebApplication app)
    {
        var her = app.MapGroup("/api/identity/beneficiaries/{beneficiaryId:guid}")
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithTags("Her app");

        her.MapPost("/activation-codes", async (Guid beneficiaryId, ClaimsPrincipal user, IdentityDb db, TimeProvider time,
                IOptions<IdentityServerOptions> options, CancellationToken cancellationToken) =>
            {
                var account = await HerAccountFor(beneficiaryId, user, db, cancellationToken);
                var now = time.GetUtcNow();
                var code = ActivationCodes.NewCode();
                // A new code replaces any she has not used yet: only the last one handed to her works.
                await db.ActivationCodes.Where(activation => activation.BeneficiaryId == beneficiaryId && activation.UsedAt == null)
                    .ExecuteDeleteAsync(cancellationToken);
                db.ActivationCodes.Add(new ActivationCode
                {
                    Id = Guid.CreateVersion7(now), BeneficiaryId = beneficiaryId, AssociationId = account.AssociationId,
                    CodeHash = ActivationCodes.Hash(code), CreatedAt = now, ExpiresAt = now + ActivationCodes.Lifetime,
                });
                await db.SaveChangesAsync(cancellationToken);
                var content = new Uri(options.Value.Issuer!, $"activate#{code}").ToString();
                using var qr = QRCodeGenerator.GenerateQrCode(content, QRCodeGenerator.ECCLevel.M);
                return Results.Ok(new ActivationCodeIssued(code, now + ActivationCodes.Lifetime, content, new SvgQRCode(qr).GetGraphic(4)));
            })
            .WithSummary("A one-time code (and QR) her app exchanges for its tokens: single use, 24 hours, bound to her.");

        her.MapGet("/app-sessions", async (Guid beneficiaryId, ClaimsPrincipal user, IdentityDb db, AppSessions sessions,
                CancellationToken cancellationToken) =>
            {
                await HerAccountFor(beneficiaryId, user, db, cancellationToken);
                return (await sessions.ListAsync(beneficiaryId, cancellationToken))
                    .Select(session => new AppSessionView(session.Id, session.CreatedAt, session.LastUsedAt, session.RevokedAt,
                        session.RevokedBecause?.ToString()))
                    .ToList();
            })
            .WithSummary("Her app's sessions (one per phone enrolled), open and ended.");

        her.MapPost("/app-sessions/revocation", async (Guid beneficiaryId, ClaimsPrincipal user, IdentityDb db, AppSessions sessions,
                IOptions<IdentityServerOptions> options, CancellationToken cancellationToken) =>
            {
                var account = await HerAccountFor(beneficiaryId, user, db, cancellationToken);
                var revoked = await sessions.RevokeAllAsync(beneficiaryId, account.AssociationId, SessionEnd.PhoneSeized, cancellationToken);
                return Results.Ok(new AppSessionsRevocation(revoked, RevocationBound.Seconds));
            })
            .WithSummary("Her phone was seized: every token her app holds is refused everywhere within the bound; enrol her new phone with a new code.");
    }

    /// <summary>Her record, if the caller may act for her: the region's admin, or an operator of her association.</summary>
    private static async Task<HerAccount> HerAccountFor(Guid beneficiaryId, ClaimsPrincipal user, IdentityDb db, CancellationToken cancellationToken)
    {
        var account = await db.HerAccounts.SingleOrDefaultAsync(her => her.BeneficiaryId == beneficiaryId, cancellationToken);
        // Another association's beneficiary reads exactly like an unknown one: no probing across tenants.
        if (account is null || (!user.IsInRole(PlatformRoles.Admin) && account.AssociationId != user.AssociationId()))
        {
            throw new ProblemException(StatusCodes.Status404NotFound, NotEnrolledProblem,
                "No beneficiary with this id is enrolled with your association.");
        }
        return account;
    }
}

/// <summary>How long a revoked session's token can still work: the services' poll of the revocation list, plus one fetch.</summary>
public static class RevocationBound
{
    public const int Seconds = 60;
}
