using Marten;
using Microsoft.Extensions.Options;

namespace Platform.Devices.Api.Devices.Health;

/// <summary>
/// Finds paired buttons the app has not been heard from for <see cref="DevicesOptions.SilentAfter"/> and tells the
/// association once per silence; and buttons her app reports unlinked from her phone for
/// <see cref="DevicesOptions.LinkLostAfter"/>, once per loss (she is told). The "reported" mark lives in the health row in PostgreSQL, so a restart does not
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

    /// <summary>A link reported lost for longer than <paramref name="lostAfter"/> is reported once, until a heartbeat says it is back.</summary>
    public static (DeviceHealth? Health, IReadOnlyList<object> Events) DecideLink(DeviceHealth? health, DateTimeOffset now, TimeSpan lostAfter)
    {
        if (health is not { BeneficiaryId: { } beneficiary, LinkLossReported: false, UnlinkedSince: { } since } || now - since < lostAfter)
        {
            return (health, []);
        }
        return (health with { LinkLossReported = true }, [new ButtonLinkLost(health.Id, health.AssociationId, beneficiary, since, now)]);
    }

    /// <summary>One pass: reports every device silent or unlinked as of now (the injected clock); returns how many this replica reported.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var silentSince = now - options.Value.SilentAfter;
        var unlinkedSince = now - options.Value.LinkLostAfter;
        return await ReportAllAsync(query => query.Where(h => h.BeneficiaryId != null && !h.SilenceReported && h.LastContactAt < silentSince),
                (health, at) => Decide(health, at, options.Value.SilentAfter), now, cancellationToken)
            + await ReportAllAsync(query => query.Where(h => h.BeneficiaryId != null && !h.LinkLossReported && h.UnlinkedSince < unlinkedSince),
                (health, at) => DecideLink(health, at, options.Value.LinkLostAfter), now, cancellationToken);
    }

    private async Task<int> ReportAllAsync(Func<IQueryable<DeviceHealth>, IQueryable<DeviceHealth>> due,
        Func<DeviceHealth?, DateTimeOffset, (DeviceHealth? Health, IReadOnlyList<object> Events)> decide, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var reported = 0;
        IReadOnlyList<Guid> candidates;
        do
        {
            await using (var query = store.QuerySession())
            {
                candidates = await due(query.Query<DeviceHealth>()).OrderBy(h => h.Id).Select(h => h.Id).Take(BatchSize)
                    .ToListAsync(cancellationToken);
            }
            foreach (var deviceId in candidates)
            {
                if (await ReportAsync(deviceId, decide, now, cancellationToken))
                {
                    reported++;
                }
            }
        }
        while (candidates.Count == BatchSize);
        return reported;
    }

    private async Task<bool> ReportAsync(Guid deviceId, Func<DeviceHealth?, DateTimeOffset, (DeviceHealth? Health, IReadOnlyList<object> Events)> decide,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var health = await session.LoadAsync<DeviceHealth>(deviceId, cancellationToken);
        var (updated, events) = decide(health, now);
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
