using System.Security.Claims;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>Who is calling, read from the validated token.</summary>
public static class CallerExtensions
{
    public static Guid AssociationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PlatformClaims.AssociationId), out var id)
            ? id
            : throw new InvalidOperationException("The token carries no association; the authorization policy should have refused it.");

    public static Guid SubjectId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(PlatformClaims.Subject), out var id)
            ? id
            : throw new ProblemException(403, "/problems/subject-not-a-uuid", "The token's subject is not a platform identifier.");

    public static bool IsBeneficiary(this ClaimsPrincipal user) => user.IsInRole(PlatformRoles.Beneficiary);
}
