using Marten;
using Marten.Patching;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Alerts.Api.Alerts.RecordingNotifications;

/// <summary>
/// What reached her contacts joins the alert's timeline, once per notification however often it is delivered. Outcomes
/// arrive five or more per alert, so they are recorded in batches: one transaction for every outcome that arrived together
/// (across alerts and associations), one append per alert, instead of one commit per message.
/// </summary>
public sealed class NotificationOutcomeConsumer(IDocumentStore store, TimeProvider time, ILogger<NotificationOutcomeConsumer> logger)
    : IConsumer<Batch<NotificationDispatched>>, IConsumer<Batch<NotificationFailed>>, IConsumer<Batch<NotificationDelivered>>,
        IConsumer<Batch<NotificationProviderUnreachable>>
{
    /// <summary>One outcome, as the alert's timeline records it.</summary>
    private sealed record Outcome(Guid AssociationId, Guid AlertId, Guid MessageId, object Recorded);

    public Task Consume(ConsumeContext<Batch<NotificationProviderUnreachable>> context) =>
        RecordAsync([.. context.Message.Select(c => c.Message).Select(m => new Outcome(m.AssociationId, m.AlertId, m.EventId,
            new ProviderUnreachable(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.Since, m.Attempts, m.OccurredAt)))],
            context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<NotificationDelivered>> context) =>
        RecordAsync([.. context.Message.Select(c => c.Message).Select(m => new Outcome(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotificationDelivered(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.OccurredAt)))],
            context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<NotificationDispatched>> context) =>
        RecordAsync([.. context.Message.Select(c => c.Message).Select(m => new Outcome(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotified(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.ProviderMessageId, m.OccurredAt)))],
            context.CancellationToken);

    public Task Consume(ConsumeContext<Batch<NotificationFailed>> context) =>
        RecordAsync([.. context.Message.Select(c => c.Message).Select(m => new Outcome(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotificationFailed(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.Reason, m.OccurredAt)))],
            context.CancellationToken);

    /// <remarks>
    /// A failure (a concurrent duplicate in another batch, a lost connection) rolls the whole batch back and the bus retries
    /// it; the processed-message records, written in the same transaction, make the retry skip what already counted.
    /// </remarks>
    private async Task RecordAsync(IReadOnlyList<Outcome> batch, CancellationToken cancellationToken)
    {
        await using var session = store.OpenTracedSession();
        var now = time.GetUtcNow();
        // The same message twice in one batch counts once.
        foreach (var association in batch.DistinctBy(outcome => outcome.MessageId).GroupBy(outcome => outcome.AssociationId)
                     .OrderBy(association => association.Key))
        {
            // Each association's writes go through its own tenant: an outcome naming another association's alert finds nothing.
            var tenant = session.ForTenant(association.Key.ToString());
            var done = (await tenant.LoadManyAsync<ProcessedMessage>(cancellationToken,
                    association.Select(outcome => ProcessedMessages.Key(nameof(NotificationOutcomeConsumer), outcome.MessageId))))
                .Select(processed => processed.Id).ToHashSet();
            var fresh = association.Where(outcome => !done.Contains(ProcessedMessages.Key(nameof(NotificationOutcomeConsumer), outcome.MessageId)))
                .ToList();
            var known = (await tenant.LoadManyAsync<AlertSummary>(cancellationToken, fresh.Select(outcome => outcome.AlertId).Distinct()))
                .Select(summary => summary.Id).ToHashSet();
            // Streams in one order in every batch: two batches locking the same alerts in opposite orders would deadlock,
            // and every rolled-back append leaves a gap that holds the outbox back for seconds.
            foreach (var alert in fresh.GroupBy(outcome => outcome.AlertId).OrderBy(alert => alert.Key))
            {
                if (!known.Contains(alert.Key))
                {
                    logger.LogWarning("{Count} notification outcome(s) name alert {AlertId}, unknown in its association; ignored.",
                        alert.Count(), alert.Key);
                    continue;
                }
                tenant.Events.Append(alert.Key, alert.Select(outcome => outcome.Recorded));
                // The operators' list counts in the same transaction; an increment in SQL, so concurrent batches all count.
                var dispatched = alert.Count(outcome => outcome.Recorded is ContactNotified);
                var failed = alert.Count(outcome => outcome.Recorded is ContactNotificationFailed);
                if (dispatched > 0)
                {
                    tenant.Patch<AlertSummary>(alert.Key).Increment(summary => summary.NotificationsDispatched, dispatched);
                }
                if (failed > 0)
                {
                    tenant.Patch<AlertSummary>(alert.Key).Increment(summary => summary.NotificationsFailed, failed);
                }
                foreach (var outcome in alert)
                {
                    tenant.MarkProcessed(nameof(NotificationOutcomeConsumer), outcome.MessageId, now);
                }
            }
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Batches of up to 100 outcomes, closed 20 ms after their first message: the timeline lags by at most that, and under
/// load a commit carries many alerts. One batch at a time per message type and replica: concurrent batches would wait on
/// each other's stream locks (measured: deadlocks by the thousand at 40 alerts/s with two).
/// </summary>
public sealed class NotificationOutcomeConsumerDefinition : ConsumerDefinition<NotificationOutcomeConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<NotificationOutcomeConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(100)
            .SetTimeLimit(TimeSpan.FromMilliseconds(20))
            .SetConcurrencyLimit(1));
}
