namespace Platform.Identity.Api.Sessions;

public enum SessionKind
{
    /// <summary>Her app on one phone, from its activation code until revoked.</summary>
    App,
    /// <summary>A member of staff signed in to a browser.</summary>
    Staff,
}

public enum SessionEnd
{
    SignedOut,
    /// <summary>Her association (or the region) said her phone is in someone else's hands.</summary>
    PhoneSeized,
    /// <summary>A refresh token was presented twice: two holders of one session.</summary>
    RefreshTokenReused,
    /// <summary>A new activation of her app replaced it.</summary>
    Replaced,
}

/// <summary>
/// One signed-in holder (a phone, a browser). Every token issued to it carries its id as <c>sid</c>; revoking the
/// session refuses all of them, at every service, within the revocation list's refresh period.
/// </summary>
public sealed class Session
{
    public Guid Id { get; init; }
    public Guid Subject { get; init; }
    public Guid? AssociationId { get; set; }
    public SessionKind Kind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public SessionEnd? RevokedBecause { get; set; }
    public bool IsActive => RevokedAt is null;
}
