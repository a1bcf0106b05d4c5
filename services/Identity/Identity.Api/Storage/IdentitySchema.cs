using Microsoft.EntityFrameworkCore;
using Platform.Identity.Api.Tokens;

namespace Platform.Identity.Api.Storage;

/// <summary>
/// Brings the identity schema to the model on start (Entity Framework Core migrations in Storage/Migrations, applied under
/// EF's own migration lock, so replicas starting together take turns), then registers the platform's clients under an
/// advisory lock of ours.
/// </summary>
public sealed class IdentitySchema(IServiceScopeFactory scopes, ILogger<IdentitySchema> logger) : IHostedService
{
    private const long ClientsLockKey = 0x1d_e7_17_5c_4e_a0_00_01;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} identity schema migration(s): {Migrations}.", pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(cancellationToken);
        }
        // Retried like every other start-up wait: PostgreSQL may answer late.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ClientsLockKey})", cancellationToken);
            await scope.ServiceProvider.GetRequiredService<IdentityClients>().RegisterAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
