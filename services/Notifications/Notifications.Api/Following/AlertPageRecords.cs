using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// One contact's link to one alert's page: written with the SMS's dispatch claim, so it exists before the SMS leaves.
/// Whom and which alert it opens come from here, never from the token: the token only names this record.
/// </summary>
/// <param name="Id">The link id the token carries (<see cref="AlertPageTokens.LinkIdFor"/>).</param>
/// <param name="SentPosition">The position the SMS gave (her press, or the escalation step's last known one): the page
/// shows it until a newer one arrives. Cleared when the alert ends.</param>
public sealed record AlertPageLink(string Id, Guid AssociationId, Guid BeneficiaryId, Guid AlertId, Guid ContactId, bool Drill,
    AlertLocation? SentPosition);

/// <summary>What the page knows of an alert while it runs: her newest position, and whether anyone said they are coming.</summary>
/// <remarks>Only the last position is kept, and only while the alert runs: the alerts service keeps her trail.</remarks>
public sealed record LiveAlert(Guid Id, AlertLocation? Position, bool SomeoneOnTheWay);

/// <summary>The contact pressed "I'm on my way" on the page (the acknowledgement itself goes to the alert's timeline).</summary>
public sealed record AlertPageAnswer(string Id, Guid AlertId, DateTimeOffset At);

public static class AlertPageRecords
{
    public static StoreOptions AddAlertPageRecords(this StoreOptions options)
    {
        options.Schema.For<AlertPageLink>().Index(link => link.AlertId);
        // Two writers (positions, acknowledgements): a lost race is retried by the bus instead of losing a write.
        options.Schema.For<LiveAlert>().UseOptimisticConcurrency(true);
        options.Schema.For<AlertPageAnswer>().Index(answer => answer.AlertId);
        return options;
    }

    /// <summary>The newest of two positions (by when her phone took them).</summary>
    public static AlertLocation? Newest(AlertLocation? one, AlertLocation? other) =>
        (one, other) switch
        {
            (null, _) => other,
            (_, null) => one,
            _ => other.CapturedAt > one.CapturedAt ? other : one,
        };

    /// <summary>
    /// Someone is on the way (the alerts service's first acknowledgement): every open page says so, without saying who.
    /// </summary>
    public static async Task SomeoneIsOnTheWayAsync(IDocumentSession session, Guid alertId, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ClosedAlert>(alertId, cancellationToken) is not null)
        {
            return;
        }
        var live = await session.LoadAsync<LiveAlert>(alertId, cancellationToken);
        if (live is { SomeoneOnTheWay: true })
        {
            return;
        }
        session.Store((live ?? new LiveAlert(alertId, null, false)) with { SomeoneOnTheWay = true });
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The alert is over: nothing of where she was stays here. Called by the consumer that closes alerts for
    /// acknowledgements (<see cref="AlertClosedConsumer"/>), in its session, so both are saved together.
    /// </summary>
    public static async Task ForgetAsync(IDocumentSession session, Guid alertId, CancellationToken cancellationToken)
    {
        session.Delete<LiveAlert>(alertId);
        session.DeleteWhere<AlertPageAnswer>(answer => answer.AlertId == alertId);
        var links = await session.Query<AlertPageLink>().Where(link => link.AlertId == alertId && link.SentPosition != null)
            .ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            session.Store(link with { SentPosition = null });
        }
    }
}

/// <summary>Her newest position during an alert, for the pages her contacts have open.</summary>
public sealed class AlertPositionConsumer(IDocumentSession session) : IConsumer<AlertLocationUpdated>
{
    public async Task Consume(ConsumeContext<AlertLocationUpdated> context)
    {
        var update = context.Message;
        var cancellationToken = context.CancellationToken;
        // A late update must not bring back a position after the alert ended; an alert no page was sent for (a "call me
        // with an excuse" press) keeps none here.
        if (await session.LoadAsync<ClosedAlert>(update.AlertId, cancellationToken) is not null
            || !await session.Query<AlertPageLink>().AnyAsync(link => link.AlertId == update.AlertId, cancellationToken))
        {
            return;
        }
        var live = await session.LoadAsync<LiveAlert>(update.AlertId, cancellationToken);
        // Updates may arrive late or twice: only a newer fix replaces the one kept.
        if (live?.Position is { } kept && kept.CapturedAt >= update.Location.CapturedAt)
        {
            return;
        }
        session.Store((live ?? new LiveAlert(update.AlertId, null, false)) with { Position = update.Location });
        await session.SaveChangesAsync(cancellationToken);
    }
}
