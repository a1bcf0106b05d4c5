using Marten;
using Microsoft.Extensions.Options;

namespace Platform.Devices.Api.Devices.Health;

/// <summary>
/// Finds paired buttons the app has not been heard from for <see cref="DevicesOptions.SilentAfter"/> and tells the
/// association once per silence. The "reported" mark lives in the health row in PostgreSQL, so a restart does not
/// report again, and the row's optimistic concurrency lets exactly one of several replicas report.
/// </summary>
public sealed class SilentDeviceWatch(IDocumentStore store, TimeProvider time, IOptions<DevicesOptions> options,
    ILogger<SilentDeviceWatch> logger) : BackgroundService
{
    private const int BatchSize = 500;

    public static (DeviceHealth? Health, IReadOnlyList<object> Events) Decide(DeviceHealth? health, DateTimeOffset now, TimeSpan silentAfter)
    {
        if (health is not { BeneficiaryId: { } beneficiary, SilenceReported: false, LastContactAt: { } lastContact }
            || now - lastContact < silentAfter)
        {
            return (health, []);
        }
        return (health with { SilenceReported = true },
            [new DeviceFellSilent(health.Id, health.AssociationId, beneficiary, lastContact, now)]);
    }

    /// <summary>One pass: reports every device silent as of now (the injected clock); returns how many this replica reported.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var limit = now - options.Value.SilentAfter;
        var reported = 0;
        IReadOnlyList<Guid> candidates;
        do
        {
            await using (var query = store.QuerySession())
            {
                candidates = await query.Query<DeviceHealth>()
                    .Where(h => h.BeneficiaryId != null && !h.SilenceReported && h.LastContactAt < limit)
                    .OrderBy(h => h.LastContactAt)
                    .Select(h => h.Id)
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }
            foreach (var deviceId in candidates)
            {
                if (await ReportAsync(deviceId, now, cancellationToken))
                {
                    reported++;
                }
            }
        }
        while (candidates.Count == BatchSize);
        return reported;
    }

    private async Task<bool> ReportAsync(Guid deviceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var health = await session.LoadAsync<DeviceHealth>(deviceId, cancellationToken);
        var (updated, events) = Decide(health, now, options.Value.SilentAfter);
        if (events.Count == 0)
        {
            return false;
        }
        session.Store(updated!);
        session.Events.Append(deviceId, events.ToArray());
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Another replica reported it, or a heartbeat arrived meanwhile: either way not ours to report.
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SilentCheckEvery, time);
        do
        {
            try
            {
                var reported = await CheckAsync(stoppingToken);
                if (reported > 0)
                {
                    logger.LogInformation("Reported {Count} silent devices.", reported);
                }
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // PostgreSQL away for a moment must not stop the watch: the next tick tries again.
                logger.LogError(failure, "Checking for silent devices failed; retrying on the next tick.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
