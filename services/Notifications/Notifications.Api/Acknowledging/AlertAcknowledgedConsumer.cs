using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Following;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>
/// Someone is on the way (alerts publishes the first acknowledgement of each alert): whoever is on call at her association
/// is told who, once, so the association stays informed until the alert is resolved.
/// </summary>
public sealed class AlertAcknowledgedConsumer(IDocumentSession session, OnceOnlySms sms, TimeProvider time,
    ILogger<AlertAcknowledgedConsumer> logger) : IConsumer<AlertAcknowledged>
{
    public async Task Consume(ConsumeContext<AlertAcknowledged> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        // Her other contacts' alert pages say someone is coming (never who).
        await AlertPageRecords.SomeoneIsOnTheWayAsync(session, message.AlertId, cancellationToken);
        var recipients = await session.Query<AlertRecipient>().Where(recipient => recipient.AlertId == message.AlertId)
            .ToListAsync(cancellationToken);
        var responder = recipients.FirstOrDefault(recipient => recipient.RecipientId == message.ResponderId);
        var her = recipients.Count == 0 ? null : await session.LoadAsync<ContactsCopy>(recipients[0].BeneficiaryId, cancellationToken);
        var text = OperatorSms.Acknowledged(her?.DisplayName, responder?.Name ?? "Quelqu'un", message.ResponderKind,
            drill: recipients.Any(recipient => recipient.Drill));
        var roster = await session.LoadAsync<RosterCopy>(message.AssociationId, cancellationToken);
        // The operator who acknowledged knows already.
        var informed = roster?.OnCallAt(time.GetUtcNow()).Where(member => member.OperatorId != message.ResponderId).ToList() ?? [];
        if (informed.Count == 0)
        {
            logger.LogWarning("Alert {AlertId} was acknowledged but nobody else is on call to be told.", message.AlertId);
        }
        foreach (var onCall in informed)
        {
            await sms.SendAsync(DeterministicIds.From("acknowledged-sms", message.AlertId, onCall.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(onCall.Phone, text)), cancellationToken);
        }
    }
}
