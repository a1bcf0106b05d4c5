using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Platform.ServiceDefaults.Scheduling;

/// <summary>
/// Fires due wake-ups. Every replica runs one; a row is leased with FOR UPDATE SKIP LOCKED, so two replicas never take the
/// same row at once, and deleted once handled. "Now" is the service's TimeProvider (tests move it); the polling cadence
/// is real time.
/// </summary>
public sealed class WakeUpPump(WakeUpLane lane, WakeUpTable table, WakeUpSettings settings, IServiceScopeFactory scopes, TimeProvider time,
    ILogger<WakeUpPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var cadence = new PeriodicTimer(settings.PollInterval);
        do
        {
            try
            {
                // Keep going while a full batch came back: a backlog (after an outage) drains without waiting a tick per batch.
                while (await FireDueAsync(stoppingToken) >= settings.BatchSize)
                {
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting: the rows wait, and the next tick tries again.
                logger.LogError(failure, "Could not fire due wake-ups; trying again.");
            }
        }
        while (await cadence.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <returns>How many rows were taken.</returns>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        var due = await LeaseDueAsync(cancellationToken);
        foreach (var wakeUp in due)
        {
            await FireAsync(wakeUp, cancellationToken);
        }
        return due.Count;
    }

    private async Task<IReadOnlyList<WakeUp>> LeaseDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = table.DataSource.CreateCommand(
            $"""
            update {table.QualifiedName} set leased_until = $1
            where id in (
                select id from {table.QualifiedName}
                where due_at <= $2 and (leased_until is null or leased_until < $2)
                  and (cardinality($4::text[]) = 0 or kind = any($4)) and not (kind = any($5))
                order by due_at
                limit $3
                for update skip locked)
            returning id, kind, tenant, subject_id, due_at
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (now + settings.Lease).UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = settings.BatchSize });
        command.Parameters.Add(new NpgsqlParameter { Value = lane.Kinds.ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (lane.Except ?? []).ToArray(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        var leased = new List<WakeUp>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            leased.Add(new WakeUp(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetGuid(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }
        return leased;
    }

    private async Task FireAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IWakeUpHandler>().FirstOrDefault(h => h.Kind == wakeUp.Kind)
                ?? throw new InvalidOperationException($"No handler for wake-ups of kind '{wakeUp.Kind}'.");
            await handler.HandleAsync(wakeUp, cancellationToken);
            // Only the row as it was leased: a handler that set the next wake-up moved due_at, and that row stays.
            await ExecuteAsync($"delete from {table.QualifiedName} where id = $1 and due_at = $2 and leased_until is not null",
                cancellationToken, wakeUp.Id, wakeUp.DueAt.UtcDateTime);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(failure, "Wake-up {Kind} for {SubjectId} failed; it is tried again in {Retry}.", wakeUp.Kind,
                wakeUp.SubjectId, settings.RetryAfterFailure);
            await ExecuteAsync($"update {table.QualifiedName} set leased_until = $2 where id = $1 and due_at = $3",
                CancellationToken.None, wakeUp.Id, (time.GetUtcNow() + settings.RetryAfterFailure).UtcDateTime,
                wakeUp.DueAt.UtcDateTime);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = table.DataSource.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
