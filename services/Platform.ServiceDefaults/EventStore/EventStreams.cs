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

/// <summary>
/// Two requests changing one stream at once (her phone and her operator, a double tap): the loser decides again on
/// what the winner committed, so a rule is never checked against stale state and nobody gets a 500.
/// </summary>
public static class ConcurrentWrites
{
    private const int Attempts = 3;
    public const string ConflictProblem = "/problems/concurrent-change";

    /// <param name="decideAndSave">Loads, decides and saves in a session of its own; run again on a conflict.</param>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> decideAndSave)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await decideAndSave();
            }
            catch (Exception conflict) when (IsConcurrentWrite(conflict) && attempt < Attempts)
            {
                // Decide again on fresh state.
            }
            catch (Exception conflict) when (IsConcurrentWrite(conflict))
            {
                throw ProblemException.Conflict(ConflictProblem, "This changed at the same moment; send the request again.");
            }
        }
    }

    private static bool IsConcurrentWrite(Exception exception) =>
        exception is JasperFx.Events.EventStreamUnexpectedMaxEventIdException
            or Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.ConcurrencyException;
}
