using MassTransit;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults.Messaging;
using System.Collections.Concurrent;

namespace Platform.OperatorConsole.Board;

/// <summary>
/// Tells the open boards of an association that one of its alerts changed, as the alerts service publishes it: a new
/// press appears without a reload (SignalR carries the re-rendered board), nothing polls. The message itself (a position
/// among others) never reaches a page: the board reads the alert again through the API with the operator's own token.
/// </summary>
public sealed class BoardFeed(ILogger<BoardFeed> logger)
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Guid, Func<AlertChanged, Task>>> _boards = new();

    /// <summary>Her association's changes for a signed-in member of staff; nothing for someone without an association.</summary>
    public IDisposable? Watch(System.Security.Claims.ClaimsPrincipal user, Func<AlertChanged, Task> onChange) =>
        Guid.TryParse(user.FindFirst(Platform.ServiceDefaults.Authentication.PlatformClaims.AssociationId)?.Value, out var association)
            ? Watch(association, onChange)
            : null;

    public IDisposable Watch(Guid associationId, Func<AlertChanged, Task> onChange)
    {
        var id = Guid.NewGuid();
        _boards.GetOrAdd(associationId, _ => new())[id] = onChange;
        return new Unwatch(() => _boards.GetOrAdd(associationId, _ => new()).TryRemove(id, out _));
    }

    public async Task PublishAsync(AlertChanged change)
    {
        if (!_boards.TryGetValue(change.AssociationId, out var watchers))
        {
            logger.LogDebug("Alert {AlertId} changed: no board of its association is open.", change.AlertId);
            return;
        }
        logger.LogDebug("Alert {AlertId} changed: {Boards} open board(s) of its association told.", change.AlertId, watchers.Count);
        foreach (var onChange in watchers.Values)
        {
            await onChange(change);
        }
    }

    private sealed class Unwatch(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <param name="IsNewPress">A press just arrived: the board rings.</param>
public sealed record AlertChanged(Guid AssociationId, Guid AlertId, bool IsNewPress);

/// <summary>
/// Each console replica listens on a queue of its own that lives as long as it does (non-durable, deleted with it): the
/// boards are a view, a change missed while no board was open costs nothing (a board reads the list when it opens).
/// </summary>
public sealed class BoardFeedListener(IBus bus, BoardFeed feed, ILogger<BoardFeedListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handle = bus.ConnectReceiveEndpoint(new TemporaryEndpointDefinition("console-board"), KebabCaseEndpointNameFormatter.Instance,
            endpoint =>
            {
                Relay<AlertTriggered>(endpoint, m => new(m.AssociationId, m.AlertId, true));
                Relay<AlertAcknowledged>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertEscalated>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertUnanswered>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertResolved>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertCancelled>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertDuressRaised>(endpoint, m => new(m.AssociationId, m.AlertId, false));
                Relay<AlertLocationUpdated>(endpoint, m => new(m.AssociationId, m.AlertId, false));
            });
        await handle.Ready.WaitAsync(stoppingToken);
        logger.LogInformation("The console listens to alert changes for its boards.");
    }

    private void Relay<T>(IReceiveEndpointConfigurator endpoint, Func<T, AlertChanged> change)
        where T : class =>
        endpoint.Handler<T>(context => feed.PublishAsync(change(context.Message)));
}

public static class BoardFeedRegistration
{
    public static WebApplicationBuilder AddBoardFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BoardFeed>();
        builder.AddPlatformBus("console", _ => { });
        builder.Services.AddHostedService<BoardFeedListener>();
        return builder;
    }
}
