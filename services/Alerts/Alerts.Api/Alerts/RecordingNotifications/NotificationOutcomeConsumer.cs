using Marten;
using Marten.Patching;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Alerts.Api.Alerts.RecordingNotifications;

/// <summary>What reached her contacts joins the alert's timeline, once per notification however often it is delivered.</summary>
public sealed class NotificationOutcomeConsumer(IDocumentStore store, TimeProvider time, ILogger<NotificationOutcomeConsumer> logger)
    : IConsumer<NotificationDispatched>, IConsumer<NotificationFailed>, IConsumer<NotificationDelivered>,
        IConsumer<NotificationProviderUnreachable>
{
    public Task Consume(ConsumeContext<NotificationProviderUnreachable> context)
    {
        var m = context.Message;
        return RecordAsync(m.AssociationId, m.AlertId, m.EventId,
            new ProviderUnreachable(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.Since, m.Attempts, m.OccurredAt),
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<NotificationDelivered> context)
    {
        var m = context.Message;
        return RecordAsync(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotificationDelivered(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.OccurredAt),
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<NotificationDispatched> context)
    {
        var m = context.Message;
        return RecordAsync(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotified(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.ProviderMessageId, m.OccurredAt),
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<NotificationFailed> context)
    {
        var m = context.Message;
        return RecordAsync(m.AssociationId, m.AlertId, m.EventId,
            new ContactNotificationFailed(m.AlertId, m.ContactId, m.Channel, m.EscalationStep, m.Reason, m.OccurredAt),
            context.CancellationToken);
    }

    private async Task RecordAsync(Guid associationId, Guid alertId, Guid messageId, object recorded, CancellationToken cancellationToken)
    {
        await using var session = store.OpenTracedSession(associationId.ToString());
        if (await session.AlreadyProcessedAsync(nameof(NotificationOutcomeConsumer), messageId, cancellationToken))
        {
            return;
        }
        if (await session.Events.FetchStreamStateAsync(alertId, cancellationToken) is null)
        {
            logger.LogWarning("Notification outcome {MessageId} names alert {AlertId}, unknown in its association; ignored.",
                messageId, alertId);
            return;
        }
        session.Events.Append(alertId, recorded);
        // The operators' list counts in the same transaction; an increment in SQL, so concurrent outcomes all count.
        if (recorded is ContactNotified)
        {
            session.Patch<AlertSummary>(alertId).Increment(summary => summary.NotificationsDispatched);
        }
        else if (recorded is ContactNotificationFailed)
        {
            session.Patch<AlertSummary>(alertId).Increment(summary => summary.NotificationsFailed);
        }
        session.MarkProcessed(nameof(NotificationOutcomeConsumer), messageId, time.GetUtcNow());
        await session.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Outcomes for one alert are applied one at a time in a replica: concurrent appends to one stream would fail and
/// retry, and every failed append leaves a gap in the event sequence that holds the outbox back.
/// </summary>
public sealed class NotificationOutcomeConsumerDefinition : OneAtATimePerKey<NotificationOutcomeConsumer>
{
    protected override void KeyBy(PartitionKeys<NotificationOutcomeConsumer> keys) => keys
        .Message<NotificationDispatched>(outcome => outcome.AlertId)
        .Message<NotificationFailed>(outcome => outcome.AlertId)
        .Message<NotificationDelivered>(outcome => outcome.AlertId)
        .Message<NotificationProviderUnreachable>(outcome => outcome.AlertId);
}
