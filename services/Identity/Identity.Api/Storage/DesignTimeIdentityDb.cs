using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Platform.Identity.Api.Storage;

/// <summary>
/// For `dotnet ef migrations add` only (it needs the model, never a database): a new column or table is a new migration
/// in Storage/Migrations, added in two steps when it must not break the pods still running the previous version
/// (expand first, contract in a later release).
/// </summary>
public sealed class DesignTimeIdentityDb : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<IdentityDb>()
            .UseNpgsql("Host=design-time-only", npgsql => npgsql.MigrationsHistoryTable(IdentityDb.MigrationsTable, IdentityDb.Schema))
            .UseOpenIddict()
            .Options);
}
