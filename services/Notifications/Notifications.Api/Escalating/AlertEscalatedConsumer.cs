using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.FanOut;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.Escalating;

/// <summary>
/// Nobody acknowledged yet and a step of her association's policy fell due: plans who the step reaches and hands each SMS
/// or call to the dispatch queues, where competing consumers (every replica) send them in parallel.
/// </summary>
public sealed class AlertEscalatedConsumer(IQuerySession session, TimeProvider time, ILogger<AlertEscalatedConsumer> logger)
    : IConsumer<AlertEscalated>
{
    public async Task Consume(ConsumeContext<AlertEscalated> context)
    {
        var step = context.Message;
        var her = await session.LoadAsync<ContactsCopy>(step.BeneficiaryId, context.CancellationToken);
        if (her is not null && her.AssociationId != step.AssociationId)
        {
            her = null;
        }
        var (roster, region) = await Recipients.RostersAsync(session, step.AssociationId, context.CancellationToken);
        var plan = EscalationPlan.For(step.Reach, her, roster, time.GetUtcNow(), step.Coming, region);
        foreach (var dispatch in plan.Dispatches)
        {
            // Published, not sent: see AlertTriggeredConsumer (a send would redeclare the quorum queue as a classic one).
            object command = dispatch.Channel == EscalationChannel.Voice
                ? new DispatchCall(step.AlertId, step.AssociationId, step.BeneficiaryId, dispatch.RecipientId, dispatch.RecipientKind,
                    step.Step, step.LastKnownLocation, step.Priority, step.Source)
                : new DispatchSms(step.AlertId, step.AssociationId, step.BeneficiaryId, dispatch.RecipientId, step.Step,
                    step.LastKnownLocation, dispatch.RecipientKind, step.Priority, step.Source);
            await context.Publish(command, command.GetType(), context.CancellationToken);
        }
        foreach (var audience in plan.AudiencesWithNobody)
        {
            // Nobody to reach at a step of an unacknowledged alert: say so loudly (ids only), the rest still goes out.
            // An empty region fallback is the last resort failing: critical.
            logger.Log(audience == EscalationAudience.RegionFallback ? LogLevel.Critical : LogLevel.Error,"Alert {AlertId} step {Step}: nobody to reach in {Audience}.", step.AlertId, step.Step, audience);
        }
        if (her is null && step.Reach.Any(r => r.Audience == EscalationAudience.FirstTier))
        {
            // Everyone else is on the way already (a retry finds their dispatches done); her contacts may still arrive.
            throw new ContactsNotKnownYetException(step.AlertId);
        }
    }
}
