using Marten;
using MassTransit;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>"OK" (or another acknowledgement word) texted back by someone an active alert reached.</summary>
public static class AcknowledgingBySms
{
    /// <returns>Handled false when the number has no active alert (the reply is then read as something else); Reply, a text
    /// to send back (the disambiguation question).</returns>
    public static async Task<(bool Handled, string? Reply)> TryAcknowledgeAsync(string from, string messageSid, string? name,
        IDocumentSession session, IPublishEndpoint bus, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reached = await session.Query<AlertRecipient>().Where(recipient => recipient.Phone == from && !recipient.Closed)
            .ToListAsync(cancellationToken);
        if (reached.Count == 0)
        {
            return (false, null);
        }
        var alertIds = reached.Select(recipient => recipient.AlertId).Distinct().ToArray();
        var closed = (await session.LoadManyAsync<ClosedAlert>(cancellationToken, alertIds)).Select(alert => alert.Id).ToHashSet();
        var beneficiaries = reached.Select(recipient => recipient.BeneficiaryId).Distinct().ToArray();
        var herNames = (await session.LoadManyAsync<ContactsCopy>(cancellationToken, beneficiaries))
            .ToDictionary(her => her.Id, her => her.DisplayName);
        switch (SmsAcknowledgement.Decide(reached, closed, now, name, herNames))
        {
            case SmsAcknowledgement.Acknowledges(var recipient):
                await Acknowledgement.PublishAsync(bus, recipient, NotificationChannel.Sms, now, cancellationToken);
                logger.LogInformation("Inbound SMS {MessageSid} acknowledges alert {AlertId} for {ResponderKind} {ResponderId}.", messageSid,
                    recipient.AlertId, recipient.Kind, recipient.RecipientId);
                return (true, null);
            case SmsAcknowledgement.Ambiguous(var alerts):
                // Acknowledging none is the safe side: every escalation goes on, and the sender is asked which woman they
                // answer for ("OK Camille"). The association sees this record and the warning meanwhile.
                session.Store(new AmbiguousAcknowledgement(DeterministicIds.From("ambiguous-acknowledgement", messageSid), alerts, now));
                await session.SaveChangesAsync(cancellationToken);
                logger.LogWarning("Inbound SMS {MessageSid} could acknowledge {Count} active alerts ({AlertIds}): none acknowledged, sender asked.",
                    messageSid, alerts.Count, string.Join(", ", alerts));
                var following = reached.Where(r => alerts.Contains(r.AlertId)).ToList();
                var names = following.Select(r => herNames.GetValueOrDefault(r.BeneficiaryId)).OfType<string>().Distinct().ToList();
                return (true, Disambiguation.Ask(names, following.MaxBy(r => r.ReachedAt)!.Language));
            default:
                return (false, null);
        }
    }
}
