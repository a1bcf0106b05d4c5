using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Storage;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Net.Mail;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Identity.Api.Staff;

/// <param name="AssociationId">The association an operator works for: the region's admin names it; an association's admin
/// can only invite to their own (this field is then ignored).</param>
public sealed record InviteStaff(string Email, string DisplayName, string Role, Guid? AssociationId, IReadOnlyList<string>? Rights);

/// <param name="InvitationUrl">Shown once: whoever opens it first chooses the password and second factor.</param>
public sealed record StaffInvited(Guid Id, string InvitationUrl, DateTimeOffset ExpiresAt);

public sealed record StaffView(Guid Id, string Email, string DisplayName, string Role, Guid? AssociationId, IReadOnlyList<string> Rights,
    bool Active, DateTimeOffset? LockedUntil);

public sealed record GrantRights(IReadOnlyList<string> Rights);

/// <summary>
/// Staff accounts: the region's admin invites admins and association staff; an association's admin invites and equips
/// its own operators. Rights are granted here and carried in tokens from here only.
/// </summary>
public static class StaffApi
{
    public const string UnknownStaffProblem = "/problems/unknown-staff";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(72);

    public static void MapStaffApi(this WebApplication app)
    {
        var staff = app.MapGroup("/api/identity/staff").WithTags("Staff");

        staff.MapPost("", async (InviteStaff invite, ClaimsPrincipal user, IdentityDb db, TimeProvider time,
                IOptions<IdentityServerOptions> options, CancellationToken cancellationToken) =>
            {
                var (role, association) = Validate(invite, user);
                var email = invite.Email.Trim().ToLowerInvariant();
                if (await db.Staff.AnyAsync(s => s.Email == email, cancellationToken))
                {
                    throw ProblemException.Conflict("/problems/staff-exists", "Someone already has an account with this email address.");
                }
                var now = time.GetUtcNow();
                var account = new StaffAccount
                {
                    Id = Guid.CreateVersion7(now), Email = email, DisplayName = invite.DisplayName.Trim(), Role = role,
                    AssociationId = association, Rights = [.. (invite.Rights ?? []).Distinct()], CreatedAt = now,
                    CreatedBy = user.SubjectId(),
                };
                db.Staff.Add(account);
                var url = NewInvitation(db, account, now, options.Value);
                await db.SaveChangesAsync(cancellationToken);
                return Results.Created($"/api/identity/staff/{account.Id}", new StaffInvited(account.Id, url, now + InvitationLifetime));
            })
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithSummary("Invite a member of staff: the invitation link is shown once and is valid 72 hours.");

        staff.MapGet("", async (ClaimsPrincipal user, IdentityDb db, CancellationToken cancellationToken) =>
            {
                var query = db.Staff.AsQueryable();
                if (!user.IsInRole(PlatformRoles.Admin))
                {
                    var association = user.AssociationId();
                    query = query.Where(s => s.AssociationId == association);
                }
                return (await query.OrderBy(s => s.Email).ToListAsync(cancellationToken)).Select(View).ToList();
            })
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithSummary("The association's staff (the region's admin sees everyone).");

        staff.MapPut("/{staffId:guid}/rights", async (Guid staffId, GrantRights grant, ClaimsPrincipal user, IdentityDb db,
                CancellationToken cancellationToken) =>
            {
                MayManage(user);
                var account = await Managed(db, staffId, user, cancellationToken);
                CheckRights(grant.Rights);
                account.Rights = [.. grant.Rights.Distinct()];
                await db.SaveChangesAsync(cancellationToken);
                return View(account);
            })
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithSummary("Grant rights (association-admin, evidence): they appear in the next token the person gets.");

        staff.MapGet("/{staffId:guid}/sessions", async (Guid staffId, ClaimsPrincipal user, IdentityDb db, CancellationToken cancellationToken) =>
            {
                if (staffId != user.SubjectId())
                {
                    MayManage(user);
                    await Managed(db, staffId, user, cancellationToken);
                }
                return await db.Sessions.Where(s => s.Subject == staffId).OrderByDescending(s => s.CreatedAt)
                    .Select(s => new { s.Id, s.CreatedAt, s.LastUsedAt, s.RevokedAt, RevokedBecause = s.RevokedBecause.ToString() })
                    .ToListAsync(cancellationToken);
            })
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithSummary("Someone's signed-in browsers (their own, or their association's staff for its admin).");

        staff.MapPost("/{staffId:guid}/sessions/revocation", async (Guid staffId, ClaimsPrincipal user, IdentityDb db, TimeProvider time,
                CancellationToken cancellationToken) =>
            {
                if (staffId != user.SubjectId())
                {
                    MayManage(user);
                    await Managed(db, staffId, user, cancellationToken);
                }
                var now = time.GetUtcNow();
                var open = await db.Sessions.Where(s => s.Subject == staffId && s.RevokedAt == null).ToListAsync(cancellationToken);
                foreach (var session in open)
                {
                    session.RevokedAt = now;
                    session.RevokedBecause = SessionEnd.SignedOut;
                }
                await db.SaveChangesAsync(cancellationToken);
                return Results.Ok(new { revoked = open.Count, refusedEverywhereWithinSeconds = HerApp.RevocationBound.Seconds });
            })
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy)
            .WithSummary("Sign someone out everywhere (their tokens are refused within the revocation bound).");
    }

    public static string NewInvitation(IdentityDb db, StaffAccount account, DateTimeOffset now, IdentityServerOptions options)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        db.Invitations.Add(new StaffInvitation
        {
            Id = Guid.CreateVersion7(now), StaffId = account.Id, TokenHash = HashOf(token), ExpiresAt = now + InvitationLifetime,
        });
        return new Uri(options.Issuer!, $"account/invitation/{token}").ToString();
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static (string Role, Guid? Association) Validate(InviteStaff invite, ClaimsPrincipal user)
    {
        MayManage(user);
        if (!MailAddress.TryCreate(invite.Email?.Trim() ?? "", out _))
        {
            throw Invalid("email: an email address is needed (it is the sign-in name).");
        }
        if (string.IsNullOrWhiteSpace(invite.DisplayName) || invite.DisplayName.Length > 100)
        {
            throw Invalid("displayName: a name of 1 to 100 characters is needed.");
        }
        if (invite.Role is not (PlatformRoles.Operator or PlatformRoles.Admin))
        {
            throw Invalid("role: operator or admin.");
        }
        CheckRights(invite.Rights ?? []);
        if (!user.IsInRole(PlatformRoles.Admin))
        {
            // An association's admin equips its own operators, never the region.
            if (invite.Role != PlatformRoles.Operator)
            {
                throw new ProblemException(StatusCodes.Status403Forbidden, "/problems/forbidden", "Only the region's admin invites admins.");
            }
            return (invite.Role, user.AssociationId());
        }
        if (invite.Role == PlatformRoles.Operator && invite.AssociationId is null)
        {
            throw Invalid("associationId: an operator works for an association; name it.");
        }
        return (invite.Role, invite.Role == PlatformRoles.Admin ? null : invite.AssociationId);
    }

    private static void CheckRights(IReadOnlyList<string> rights)
    {
        if (rights.FirstOrDefault(right => !PlatformRights.All.Contains(right)) is { } unknown)
        {
            throw Invalid($"rights: unknown right '{unknown}' (known: {string.Join(", ", PlatformRights.All)}).");
        }
    }

    private static ProblemException Invalid(string detail) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "The invitation is not valid.", detail);

    /// <summary>The region's admin, or an association's admin (the association-admin right).</summary>
    private static void MayManage(ClaimsPrincipal user)
    {
        if (!user.IsInRole(PlatformRoles.Admin) && !user.HasClaim(PlatformClaims.Rights, PlatformRights.AssociationAdmin))
        {
            throw new ProblemException(StatusCodes.Status403Forbidden, "/problems/forbidden", "Only an admin manages staff accounts.");
        }
    }

    private static async Task<StaffAccount> Managed(IdentityDb db, Guid staffId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var account = await db.Staff.SingleOrDefaultAsync(s => s.Id == staffId, cancellationToken);
        if (account is null || (!user.IsInRole(PlatformRoles.Admin) && account.AssociationId != user.AssociationId()))
        {
            throw new ProblemException(StatusCodes.Status404NotFound, UnknownStaffProblem, "No member of your staff has this id.");
        }
        return account;
    }

    private static StaffView View(StaffAccount s) =>
        new(s.Id, s.Email, s.DisplayName, s.Role, s.AssociationId, s.Rights, s.ActivatedAt is not null && s.DisabledAt is null, s.LockedUntil);
}
