namespace Platform.Identity.Api.Staff;

/// <summary>A passkey (WebAuthn credential) a member of staff signs in with, as her second factor.</summary>
public sealed class StaffPasskey
{
    public Guid Id { get; init; }
    public Guid StaffId { get; init; }
    public required byte[] CredentialId { get; init; }
    public required byte[] PublicKey { get; init; }
    /// <summary>The authenticator's counter: one that goes backwards is a cloned authenticator (Fido2 refuses it).</summary>
    public long SignCount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
