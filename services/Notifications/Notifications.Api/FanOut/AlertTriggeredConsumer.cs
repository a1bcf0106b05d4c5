using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.FanOut;

/// <summary>
/// Plans the first wave of an alert and sends it at once, in parallel, from the replica that took the alert: the alerts
/// themselves are what competing consumers (every replica) share. Sending here rather than through a queue per message
/// saves a broker hop on the way to the first SMS, and lets the wave's claims and outcomes commit together (two
/// PostgreSQL commits per alert, not two per contact). A "call me with an excuse" press reaches the same people, worded
/// discreetly.
/// </summary>
public sealed class AlertTriggeredConsumer(IQuerySession session, AlertSmsDispatcher dispatcher, ContactsCatchUp catchUp,
    TimeProvider time, ILogger<AlertTriggeredConsumer> logger)
    : IConsumer<AlertTriggered>
{
    public const int FirstEscalationStep = 1;

    /// <summary>
    /// Tier 1 is reached first; when she named nobody tier 1, the closest tier she did name stands in. Only confirmed
    /// contacts count: someone who never accepted (or declined) is never alerted.
    /// </summary>
    public static IReadOnlyList<EmergencyContact> FirstWave(ContactsCopy contacts) => Wave(contacts, 0);

    /// <summary>Her confirmed contacts of the <paramref name="wave"/>-th closest tier she named (0: the first wave).</summary>
    public static IReadOnlyList<EmergencyContact> Wave(ContactsCopy contacts, int wave)
    {
        var reachable = contacts.Contacts.Where(contact => contact.Consent == ContactConsent.Confirmed).ToList();
        var tiers = reachable.Select(contact => contact.Tier).Distinct().Order().ToList();
        return wave < tiers.Count ? [.. reachable.Where(contact => contact.Tier == tiers[wave])] : [];
    }

    public async Task Consume(ConsumeContext<AlertTriggered> context)
    {
        var alert = context.Message;
        if (context.SentTime is { } sent && sent < catchUp.ReadyAtUtc)
        {
            // Published while this replica was down: changes to her contacts may have waited beside it.
            await catchUp.SettledAsync(context.CancellationToken);
        }
        var contacts = await session.LoadAsync<ContactsCopy>(alert.BeneficiaryId, context.CancellationToken);
        if (contacts is null || contacts.AssociationId != alert.AssociationId)
        {
            // Her enrolment may still be on its way; the retry policy tries again, then the error queue keeps the alert.
            throw new ContactsNotKnownYetException(alert.AlertId);
        }
        var firstWave = FirstWave(contacts);
        if (firstWave.Count == 0)
        {
            // An alert that reaches nobody is the worst outcome: say so loudly (the association's escalation comes later).
            logger.LogError("Alert {AlertId} has no contact to reach.", alert.AlertId);
            await HandToTheRegionIfNobodyIsOnCallAsync(context);
            return;
        }
        DispatchSms[] wave = [.. firstWave.Select(contact => new DispatchSms(alert.AlertId, alert.AssociationId, alert.BeneficiaryId,
            contact.ContactId, FirstEscalationStep, alert.Location, ResponderKind.Contact, Priority: false, alert.Source, alert.Response))];
        await dispatcher.SendWaveAsync(context, wave);
    }

    /// <summary>
    /// No contact and nobody on call either: waiting for the chain would reach no one for minutes. Alerts hands the alert
    /// to the region's fallback at once (a drill reports it instead; an excuse SMS is no alert).
    /// </summary>
    private async Task HandToTheRegionIfNobodyIsOnCallAsync(ConsumeContext<AlertTriggered> context)
    {
        var alert = context.Message;
        if (alert.Response != AlertResponse.FullAlert || alert.Source == AlertSource.Drill)
        {
            return;
        }
        var now = time.GetUtcNow();
        var roster = await session.LoadAsync<RosterCopy>(alert.AssociationId, context.CancellationToken);
        if (roster?.OnCallAt(now).Count > 0)
        {
            return;
        }
        var eventId = Platform.ServiceDefaults.DeterministicIds.From(alert.AlertId, nameof(NobodyReachable));
        await context.Publish(new NobodyReachable(eventId, now, alert.AssociationId, alert.AlertId, alert.BeneficiaryId),
            context.CancellationToken);
    }
}

public sealed class ContactsNotKnownYetException(Guid alertId)
    : Exception($"No contacts are known yet for the beneficiary of alert {alertId}.");
