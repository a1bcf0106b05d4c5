using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Following;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>
/// Someone this service reached for an alert, kept by phone so that their "OK" can be matched to it and their key press
/// named. Written with the dispatch's claim, before the SMS or call leaves, so a quick answer never comes first.
/// </summary>
/// <param name="ReachedAt">The latest message or call: replies go to the alert that reached the number last.</param>
/// <param name="Closed">Set when the alert is resolved or cancelled: a later "OK" is no acknowledgement.</param>
public sealed record AlertRecipient(Guid Id, Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid RecipientId,
    ResponderKind Kind, string Name, string Phone, string Language, bool Drill, DateTimeOffset ReachedAt, bool Closed = false)
{
    public static Guid IdFor(Guid alertId, Guid recipientId) => DeterministicIds.From("alert-recipient", alertId, recipientId);

    public static AlertRecipient Reached(Guid alertId, Guid associationId, Guid beneficiaryId, Recipient recipient, AlertSource source,
        DateTimeOffset at) =>
        new(IdFor(alertId, recipient.Id), alertId, associationId, beneficiaryId, recipient.Id, recipient.Kind, recipient.Name,
            recipient.Phone, recipient.Language, source == AlertSource.Drill, at);
}

/// <summary>An alert resolved or cancelled. Kept apart from its recipients so a dispatch still in flight cannot reopen it.</summary>
public sealed record ClosedAlert(Guid Id, DateTimeOffset ClosedAt);

public static class AcknowledgementRecords
{
    public static StoreOptions AddAcknowledgementRecords(this StoreOptions options)
    {
        options.Schema.For<AlertRecipient>().Index(recipient => recipient.Phone).Index(recipient => recipient.AlertId);
        options.Schema.For<ClosedAlert>();
        options.Schema.For<AmbiguousAcknowledgement>();
        return options;
    }
}

/// <summary>The alert is over: its recipients' replies are no longer acknowledgements, and her alert page closes.</summary>
public sealed class AlertClosedConsumer(IDocumentSession session, TimeProvider time) : IConsumer<AlertResolved>, IConsumer<AlertCancelled>
{
    public Task Consume(ConsumeContext<AlertResolved> context) => CloseAsync(context.Message.AlertId, context.CancellationToken);

    public Task Consume(ConsumeContext<AlertCancelled> context) => CloseAsync(context.Message.AlertId, context.CancellationToken);

    private async Task CloseAsync(Guid alertId, CancellationToken cancellationToken)
    {
        // The first closure counts: a redelivery must not push back the end of the alert page's grace period.
        if (await session.LoadAsync<ClosedAlert>(alertId, cancellationToken) is null)
        {
            session.Store(new ClosedAlert(alertId, time.GetUtcNow()));
        }
        // Her alert page keeps nothing of where she was once the alert is over.
        await AlertPageRecords.ForgetAsync(session, alertId, cancellationToken);
        var open = await session.Query<AlertRecipient>().Where(recipient => recipient.AlertId == alertId && !recipient.Closed)
            .ToListAsync(cancellationToken);
        foreach (var recipient in open)
        {
            session.Store(recipient with { Closed = true });
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}
