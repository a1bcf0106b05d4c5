using Marten;
using MassTransit;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>
/// Notifications found nobody to reach at her press: the region's fallback has the alert at once. Idempotent on the
/// alert's own state (it goes to the region once), so a redelivery appends nothing.
/// </summary>
public sealed class NobodyReachableConsumer(IDocumentStore store, TimeProvider time, ILogger<NobodyReachableConsumer> logger)
    : IConsumer<NobodyReachable>
{
    public Task Consume(ConsumeContext<NobodyReachable> context) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            var message = context.Message;
            await using var session = store.OpenTracedSession(message.AssociationId.ToString());
            var loaded = await session.LoadAsync<Alert>(message.AlertId, AlertEvolution.Evolve, context.CancellationToken);
            if (loaded.State is not { } alert)
            {
                logger.LogWarning("Nobody-reachable {MessageId} names alert {AlertId}, unknown in its association; ignored.",
                    message.EventId, message.AlertId);
                return 0;
            }
            var events = Escalation.DecideNobodyReachable(alert, time.GetUtcNow());
            if (events.Count == 0)
            {
                return 0;
            }
            session.AppendAfter(alert.Id, loaded, events);
            session.Store(AlertSummary.Of(events.Aggregate(alert, (state, e) => AlertEvolution.Evolve(state, e)!)));
            await session.SaveChangesAsync(context.CancellationToken);
            return events.Count;
        });
}
