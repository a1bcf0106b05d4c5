using Marten;
using Marten.Patching;
using MassTransit;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Alerts.Api.Alerts.Acknowledging;

/// <summary>Someone said they are on their way: the escalation stops (its next wake-up finds the alert acknowledged).</summary>
public sealed class AcknowledgementConsumer(IDocumentStore store, TimeProvider time, ILogger<AcknowledgementConsumer> logger)
    : IConsumer<NotificationAcknowledged>
{
    /// <summary>Each responder counts once, and only while the alert runs.</summary>
    public static IReadOnlyList<object> Decide(Alert alert, NotificationAcknowledged acknowledged) =>
        alert.Status != AlertStatus.Triggered || alert.Responders.Contains(acknowledged.ResponderId)
            ? []
            : [new ResponderAcknowledged(alert.Id, alert.AssociationId, acknowledged.ResponderId, acknowledged.ResponderKind,
                acknowledged.ResponderName, acknowledged.Channel, acknowledged.OccurredAt)];

    public async Task Consume(ConsumeContext<NotificationAcknowledged> context)
    {
        var acknowledged = context.Message;
        await using var session = store.OpenTracedSession(acknowledged.AssociationId.ToString());
        if (await session.AlreadyProcessedAsync(nameof(AcknowledgementConsumer), acknowledged.EventId, context.CancellationToken))
        {
            return;
        }
        var loaded = await session.LoadAsync<Alert>(acknowledged.AlertId, AlertEvolution.Evolve, context.CancellationToken);
        if (loaded.State is not { } alert)
        {
            logger.LogWarning("Acknowledgement {MessageId} names alert {AlertId}, unknown in its association; ignored.",
                acknowledged.EventId, acknowledged.AlertId);
            return;
        }
        var events = Decide(alert, acknowledged);
        session.AppendAfter(alert.Id, loaded, events);
        if (events.Count > 0)
        {
            session.Patch<AlertSummary>(alert.Id).Set(summary => summary.Acknowledged, true);
        }
        session.MarkProcessed(nameof(AcknowledgementConsumer), acknowledged.EventId, time.GetUtcNow());
        await session.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>Acknowledgements of one alert are applied one at a time in a replica (see NotificationOutcomeConsumerDefinition).</summary>
public sealed class AcknowledgementConsumerDefinition : OneAtATimePerKey<AcknowledgementConsumer>
{
    protected override void KeyBy(PartitionKeys<AcknowledgementConsumer> keys) =>
        keys.Message<NotificationAcknowledged>(acknowledged => acknowledged.AlertId);
}
