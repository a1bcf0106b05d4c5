using JasperFx.Events;
using Marten;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>A stream folded into its state by the service's own pure Evolve function.</summary>
/// <param name="Version">Number of events in the stream; 0 when it does not exist.</param>
public sealed record LoadedStream<TState>(TState? State, long Version, IReadOnlyList<IEvent> Events)
    where TState : class;

public static class EventStreams
{
    public static async Task<LoadedStream<TState>> LoadAsync<TState>(this IQuerySession session, Guid streamId,
        Func<TState?, object, TState?> evolve, CancellationToken cancellationToken)
        where TState : class
    {
        var events = await session.Events.FetchStreamAsync(streamId, token: cancellationToken);
        var state = events.Aggregate(default(TState), (current, committed) => evolve(current, committed.Data));
        return new LoadedStream<TState>(state, events.Count == 0 ? 0 : events[^1].Version, events);
    }

    /// <summary>Appends only if nobody else appended since the stream was loaded (optimistic concurrency).</summary>
    public static void AppendAfter<TState>(this IDocumentSession session, Guid streamId, LoadedStream<TState> loaded,
        IReadOnlyCollection<object> events)
        where TState : class
    {
        if (events.Count > 0)
        {
            session.Events.Append(streamId, loaded.Version + events.Count, events.ToArray());
        }
    }
}
