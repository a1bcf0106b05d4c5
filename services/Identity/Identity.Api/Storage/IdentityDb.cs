using Microsoft.EntityFrameworkCore;
using Platform.Identity.Api.HerApp;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Staff;

namespace Platform.Identity.Api.Storage;

/// <summary>
/// The identity service's own schema: OpenIddict's applications, authorizations and tokens (its Entity Framework Core
/// store), and the platform's records of who may sign in where. No other service reads these tables.
/// </summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options) : DbContext(options)
{
    public const string Schema = "identity";
    public const string MigrationsTable = "__migrations";

    public DbSet<HerAccount> HerAccounts => Set<HerAccount>();
    public DbSet<ActivationCode> ActivationCodes => Set<ActivationCode>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<PendingMessage> Outbox => Set<PendingMessage>();
    public DbSet<StaffAccount> Staff => Set<StaffAccount>();
    public DbSet<StaffInvitation> Invitations => Set<StaffInvitation>();
    public DbSet<StaffPasskey> Passkeys => Set<StaffPasskey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<HerAccount>(account =>
        {
            account.HasKey(her => her.BeneficiaryId);
            account.Property(her => her.BeneficiaryId).ValueGeneratedNever();
        });
        modelBuilder.Entity<ActivationCode>(code =>
        {
            code.HasKey(activation => activation.Id);
            // Only the code's hash is kept: a copy of the database gives no one a code to use.
            code.HasIndex(activation => activation.CodeHash).IsUnique();
            code.HasIndex(activation => activation.BeneficiaryId);
            code.Property(activation => activation.CodeHash).HasMaxLength(64);
        });
        modelBuilder.Entity<Session>(session =>
        {
            session.HasKey(s => s.Id);
            session.HasIndex(s => s.Subject);
            session.HasIndex(s => s.RevokedAt);
            session.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
            session.Property(s => s.RevokedBecause).HasConversion<string>().HasMaxLength(32);
        });
        modelBuilder.Entity<StaffAccount>(staff =>
        {
            staff.HasKey(s => s.Id);
            staff.HasIndex(s => s.Email).IsUnique();
            staff.HasIndex(s => s.AssociationId);
            staff.Property(s => s.Email).HasMaxLength(320);
            staff.Property(s => s.Role).HasMaxLength(32);
            // One platform account per person at the outside provider.
            staff.HasIndex(s => new { s.OutsideIssuer, s.OutsideSubject }).IsUnique().HasFilter("\"OutsideSubject\" IS NOT NULL");
            staff.Property(s => s.OutsideIssuer).HasMaxLength(300);
            staff.Property(s => s.OutsideSubject).HasMaxLength(255);
        });
        modelBuilder.Entity<StaffInvitation>(invitation =>
        {
            invitation.HasKey(i => i.Id);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
        });
        modelBuilder.Entity<StaffPasskey>(passkey =>
        {
            passkey.HasKey(p => p.Id);
            passkey.HasIndex(p => p.CredentialId).IsUnique();
            passkey.HasIndex(p => p.StaffId);
        });
        modelBuilder.Entity<PendingMessage>(message =>
        {
            message.HasKey(m => m.Id);
            message.Property(m => m.Type).HasMaxLength(200);
        });
    }
}
