using Platform.Alerts.Contracts;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <param name="Events">What to append now (nothing when no step is due).</param>
/// <param name="NextWakeUp">When to look again; null when the escalation is over for this alert.</param>
public sealed record EscalationDecision(IReadOnlyList<EscalationStepReached> Events, DateTimeOffset? NextWakeUp);

/// <summary>The escalation rules, decided from the alert's own stream whenever its wake-up fires (early, late or twice).</summary>
public static class Escalation
{
    public const string WakeUpKind = "alert-escalation";

    public static EscalationDecision Decide(Alert alert, EscalationPolicy policy, DateTimeOffset now)
    {
        if (alert.Status != AlertStatus.Triggered)
        {
            return new([], null);
        }
        var events = new List<EscalationStepReached>();
        var step = alert.LastStep;
        if (alert.Duress && !alert.PriorityEscalated)
        {
            // A duress goes to the association at once, with top priority, even if a contact already answered: she is
            // telling them she is not free to speak.
            events.Add(new EscalationStepReached(alert.Id, alert.AssociationId, alert.BeneficiaryId, ++step, 0,
                EscalationPolicy.OnCall, true, alert.Source, alert.LastKnownLocation, now));
        }
        if (alert.OperatorAcknowledgedAt is not null || alert.Response != AlertResponse.FullAlert)
        {
            return new(events, null);
        }
        var next = alert.PlanStep + 1;
        var reached = next - 1;
        while (alert.TriggeredAt + policy.DueAfter(reached + 1) <= now)
        {
            reached++;
        }
        if (reached >= next)
        {
            // Steps missed while no replica ran are folded into the one that fires now: one round of messages, not a burst.
            var reach = Enumerable.Range(next, reached - next + 1).SelectMany(policy.ReachOf).Distinct().ToList();
            events.Add(new EscalationStepReached(alert.Id, alert.AssociationId, alert.BeneficiaryId, ++step, reached, reach, false,
                alert.Source, alert.LastKnownLocation, now, alert.ContactsComing));
        }
        return new(events, alert.TriggeredAt + policy.DueAfter(reached + 1));
    }
}
