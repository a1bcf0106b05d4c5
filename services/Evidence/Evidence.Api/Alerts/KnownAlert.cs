using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Retaining;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Alerts;

/// <summary>
/// This service's own record of whose alert is whose, kept from the alerts service's events: a recording can only be
/// started for her own alert, and its retention counts from the alert's end.
/// </summary>
/// <remarks>Deleted with the rest of her data when she asks for erasure.</remarks>
public sealed record KnownAlert(Guid Id, Guid BeneficiaryId, Guid DeviceId, DateTimeOffset? TriggeredAt, DateTimeOffset? EndedAt);

public sealed class AlertLifecycleConsumer(IDocumentStore store, EvidenceSettings settings)
    : IConsumer<AlertTriggered>, IConsumer<AlertResolved>, IConsumer<AlertCancelled>
{
    public async Task Consume(ConsumeContext<AlertTriggered> context)
    {
        var triggered = context.Message;
        await using var session = store.LightweightSession(triggered.AssociationId.ToString());
        var known = await session.LoadAsync<KnownAlert>(triggered.AlertId, context.CancellationToken);
        // The end may have arrived first (redelivery order is not guaranteed); keep it.
        session.Store(new KnownAlert(triggered.AlertId, triggered.BeneficiaryId, triggered.DeviceId, triggered.OccurredAt, known?.EndedAt));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public Task Consume(ConsumeContext<AlertResolved> context) =>
        EndedAsync(context.Message.AssociationId, context.Message.AlertId, null, context.Message.OccurredAt, context.CancellationToken);

    public Task Consume(ConsumeContext<AlertCancelled> context) =>
        EndedAsync(context.Message.AssociationId, context.Message.AlertId, context.Message.BeneficiaryId, context.Message.OccurredAt,
            context.CancellationToken);

    private async Task EndedAsync(Guid associationId, Guid alertId, Guid? beneficiaryId, DateTimeOffset endedAt, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(associationId.ToString());
        var known = await session.LoadAsync<KnownAlert>(alertId, cancellationToken);
        if (known?.EndedAt is not null)
        {
            return;
        }
        session.Store(known is null
            ? new KnownAlert(alertId, beneficiaryId ?? Guid.Empty, Guid.Empty, null, endedAt)
            : known with { EndedAt = endedAt });
        var recordings = await session.Query<RecordingSummary>().Where(r => r.AlertId == alertId).ToListAsync(cancellationToken);
        foreach (var recording in recordings)
        {
            session.ScheduleWakeUp(RetentionWakeUp.KindName, recording.Id, endedAt + settings.Retention);
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}
