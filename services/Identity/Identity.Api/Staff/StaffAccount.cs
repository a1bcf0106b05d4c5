namespace Platform.Identity.Api.Staff;

/// <summary>
/// A member of staff: an association's operator (and its admins and evidence officers, by their rights) or the region's
/// admin. Created by an invitation; signs in with a password and a second factor, always both.
/// </summary>
public sealed class StaffAccount
{
    public Guid Id { get; init; }
    /// <summary>Lower-cased: the sign-in name.</summary>
    public required string Email { get; init; }
    public required string DisplayName { get; set; }
    /// <summary><c>operator</c> or <c>admin</c> (the region's).</summary>
    public required string Role { get; init; }
    public Guid? AssociationId { get; init; }
    /// <summary>Granted by the association's admin (or the region's), carried in tokens from here only.</summary>
    public List<string> Rights { get; set; } = [];
    public string? PasswordHash { get; set; }
    /// <summary>
    /// Her account at the association's own identity provider (<c>Identity:Federation</c>), when she chose it instead of a
    /// password: its issuer and her <c>sub</c> there. It replaces the password only; the second factor stays ours.
    /// </summary>
    public string? OutsideIssuer { get; set; }
    public string? OutsideSubject { get; set; }
    /// <summary>The TOTP secret, encrypted (AES-256-GCM under Identity:EncryptionKey): a copy of the table gives no codes.</summary>
    public byte[]? TotpSecret { get; set; }
    /// <summary>The last TOTP time step accepted: the same code is never accepted twice.</summary>
    public long TotpLastStep { get; set; }
    /// <summary>A WebAuthn ceremony in progress (its options, challenge included), between its two requests.</summary>
    public string? PasskeyCeremony { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid CreatedBy { get; init; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    public bool CanSignIn(DateTimeOffset now) =>
        ActivatedAt is not null && DisabledAt is null && (PasswordHash is not null || OutsideSubject is not null)
        && (LockedUntil is null || LockedUntil <= now);
}

/// <summary>The link a new member of staff opens once, within 72 hours, to choose a password and a second factor.</summary>
public sealed class StaffInvitation
{
    public Guid Id { get; init; }
    public Guid StaffId { get; init; }
    public required string TokenHash { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? UsedAt { get; set; }
}
