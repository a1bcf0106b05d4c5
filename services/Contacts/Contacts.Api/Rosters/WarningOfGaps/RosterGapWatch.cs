using Marten;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Contacts.Api.Rosters.WarningOfGaps;

/// <summary>Settings under "Contacts:RosterGaps".</summary>
public sealed class RosterGapOptions
{
    public const string Section = "Contacts:RosterGaps";

    /// <summary>How far ahead a gap is told: a day leaves the association time to find someone.</summary>
    public TimeSpan Ahead { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(15);
}

public static class RosterGapWarnings
{
    public static WebApplicationBuilder AddRosterGapWarnings(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RosterGapOptions>().BindConfiguration(RosterGapOptions.Section)
            .Validate(o => o.Ahead > TimeSpan.Zero && o.CheckEvery > TimeSpan.Zero,
                "Contacts:RosterGaps:Ahead and Contacts:RosterGaps:CheckEvery must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<RosterGapWatch>();
        return builder;
    }
}

/// <summary>
/// Looks at every roster (each association's and the region's fallback) and records a warning for each gap ahead not yet
/// told; the outbox publishes it and notifications texts whoever is on call and the roster's admins. Every replica runs
/// it: each warning is appended to the roster's stream with optimistic concurrency, so a gap is told once.
/// </summary>
public sealed class RosterGapWatch(IDocumentStore store, TimeProvider time, IOptions<RosterGapOptions> options,
    ILogger<RosterGapWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first look waits one period: a gap is told a day ahead, minutes matter less than a quiet start.
        using var timer = new PeriodicTimer(options.Value.CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await WarnOfGapsAheadAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Checking rosters for gaps ahead failed; next check in {Period}.", options.Value.CheckEvery);
            }
        }
    }

    /// <returns>How many gaps were warned of.</returns>
    public async Task<int> WarnOfGapsAheadAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> rosters;
        await using (var query = store.QuerySession())
        {
            rosters = await query.Query<AssociationRoster>().Select(roster => roster.Id).ToListAsync(cancellationToken);
        }
        var warned = 0;
        foreach (var owner in rosters)
        {
            warned += await ConcurrentWrites.RetryAsync(async () =>
            {
                await using var session = store.OpenTracedSession();
                var streamId = Roster.StreamId(owner);
                var stream = await session.LoadAsync<Roster>(streamId, Roster.Evolve, cancellationToken);
                if (stream.State is not { } roster)
                {
                    return 0;
                }
                var warnings = RosterGapWarning.Decide(roster, time.GetUtcNow(), options.Value.Ahead);
                session.AppendAfter(streamId, stream, [.. warnings]);
                await session.SaveChangesAsync(cancellationToken);
                return warnings.Count;
            });
        }
        return warned;
    }
}
