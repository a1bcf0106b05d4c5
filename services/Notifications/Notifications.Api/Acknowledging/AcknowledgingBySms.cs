using Marten;
using MassTransit;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>"OK" (or another acknowledgement word) texted back by someone an active alert reached.</summary>
public static class AcknowledgingBySms
{
    /// <returns>False when the number has no active alert: the reply is then read as something else.</returns>
    public static async Task<bool> TryAcknowledgeAsync(string from, string messageSid, IDocumentSession session, IPublishEndpoint bus,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reached = await session.Query<AlertRecipient>().Where(recipient => recipient.Phone == from && !recipient.Closed)
            .ToListAsync(cancellationToken);
        if (reached.Count == 0)
        {
            return false;
        }
        var alertIds = reached.Select(recipient => recipient.AlertId).Distinct().ToArray();
        var closed = (await session.LoadManyAsync<ClosedAlert>(cancellationToken, alertIds)).Select(alert => alert.Id).ToHashSet();
        switch (SmsAcknowledgement.Decide(reached, closed, now))
        {
            case SmsAcknowledgement.Acknowledges(var recipient):
                await Acknowledgement.PublishAsync(bus, recipient, NotificationChannel.Sms, now, cancellationToken);
                logger.LogInformation("Inbound SMS {MessageSid} acknowledges alert {AlertId} for {ResponderKind} {ResponderId}.", messageSid,
                    recipient.AlertId, recipient.Kind, recipient.RecipientId);
                return true;
            case SmsAcknowledgement.Ambiguous(var alerts):
                // Acknowledging none is the safe side: every escalation goes on. Asking the sender which woman they answer
                // (a disambiguation reply) is a later issue; until then the association sees this record and the warning.
                session.Store(new AmbiguousAcknowledgement(DeterministicIds.From("ambiguous-acknowledgement", messageSid), alerts, now));
                await session.SaveChangesAsync(cancellationToken);
                logger.LogWarning("Inbound SMS {MessageSid} could acknowledge {Count} active alerts ({AlertIds}): none acknowledged.",
                    messageSid, alerts.Count, string.Join(", ", alerts));
                return true;
            default:
                return false;
        }
    }
}
