namespace Platform.Identity.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.

/// <summary>Why her app's sessions were cut off.</summary>
public enum AppSessionsRevokedReason
{
    /// <summary>Her association (or the region) said her phone is in someone else's hands.</summary>
    PhoneSeized,
    /// <summary>A refresh token was used twice: two phones hold her session (a cloned phone, a copied backup).</summary>
    RefreshTokenReused,
}

/// <summary>
/// Her app's sessions are revoked: no token they hold is accepted anywhere any more. When the reason is a reused refresh
/// token, her association is told (a sign that someone copied her phone).
/// </summary>
public sealed record AppSessionsRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    AppSessionsRevokedReason Reason,
    int SessionsRevoked);
