using Platform.Alerts.Contracts;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <param name="Events">The steps to append now (none when no step is due).</param>
/// <param name="NextWakeUp">When to look again; null when the escalation is over for this alert.</param>
/// <param name="Unanswered">The alert goes to the region's fallback now (appended before the step that reaches it).</param>
public sealed record EscalationDecision(IReadOnlyList<EscalationStepReached> Events, DateTimeOffset? NextWakeUp,
    AlertWentUnanswered? Unanswered = null)
{
    /// <summary>Everything to append, in order.</summary>
    public IReadOnlyList<object> ToAppend => Unanswered is null ? [.. Events] : [Unanswered, .. Events];
}

/// <summary>The escalation rules, decided from the alert's own stream whenever its wake-up fires (early, late or twice).</summary>
public static class Escalation
{
    public const string WakeUpKind = "alert-escalation";

    private static readonly EscalationAudience[] HerCircles =
        [EscalationAudience.FirstTier, EscalationAudience.SecondTier, EscalationAudience.ThirdTier];

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
        if (alert.Source == AlertSource.Drill && alert.UnansweredAt is not null)
        {
            return new(events, null);
        }
        AlertWentUnanswered? unanswered = null;
        if (alert.UnansweredAt is null && now >= alert.TriggeredAt + policy.Unanswered)
        {
            unanswered = new AlertWentUnanswered(alert.Id, alert.AssociationId, alert.BeneficiaryId,
                UnansweredReason.NoOperatorAnswered, alert.LastKnownLocation, now, alert.Source);
            if (alert.Source == AlertSource.Drill)
            {
                // A drill wakes nobody at the region: its report says it would have, and the drill stops ringing here.
                return new(events, null, unanswered);
            }
        }
        var regionHasIt = alert.UnansweredAt is not null || unanswered is not null;
        if (regionHasIt && alert.RegionFallbackSteps > policy.RepeatsOnceFallback)
        {
            return new(events, null, unanswered);
        }

        var next = alert.PlanStep + 1;
        var reached = next - 1;
        while (alert.TriggeredAt + policy.DueAfter(reached + 1) <= now)
        {
            reached++;
        }
        // Steps missed while no replica ran are folded into the one that fires now: one round of messages, not a burst.
        var reach = Enumerable.Range(next, Math.Max(0, reached - next + 1)).SelectMany(policy.ReachOf).Distinct().ToList();
        if (policy.TwoContactsStopTheWalk && alert.ContactsComing.Count >= 2)
        {
            reach.RemoveAll(r => HerCircles.Contains(r.Audience));
        }
        if (regionHasIt && (reach.Count > 0 || unanswered is not null))
        {
            reach.AddRange(EscalationPolicy.RegionFallback);
        }
        if (reach.Count > 0)
        {
            events.Add(new EscalationStepReached(alert.Id, alert.AssociationId, alert.BeneficiaryId, ++step, reached, reach, false,
                alert.Source, alert.LastKnownLocation, now, alert.ContactsComing));
        }

        var regionSteps = alert.RegionFallbackSteps + (regionHasIt && reach.Count > 0 ? 1 : 0);
        if (regionHasIt && regionSteps > policy.RepeatsOnceFallback)
        {
            // The region's fallback had the alert and every repeat it allows: nothing calls a phone forever.
            return new(events, null, unanswered);
        }
        var nextStep = alert.TriggeredAt + policy.DueAfter(reached + 1);
        var goesUnanswered = alert.TriggeredAt + policy.Unanswered;
        return new(events, regionHasIt || nextStep <= goesUnanswered ? nextStep : goesUnanswered, unanswered);
    }

    /// <summary>
    /// Nobody could be reached at her press (no confirmed contact, nobody on call): the region's fallback has it at once.
    /// Nothing when the alert is over, already with the region, taken in hand, or not a full alert.
    /// </summary>
    public static IReadOnlyList<object> DecideNobodyReachable(Alert alert, DateTimeOffset now)
    {
        if (alert.Status != AlertStatus.Triggered || alert.UnansweredAt is not null || alert.OperatorAcknowledgedAt is not null
            || alert.Response != AlertResponse.FullAlert || alert.Source == AlertSource.Drill)
        {
            return [];
        }
        return
        [
            new AlertWentUnanswered(alert.Id, alert.AssociationId, alert.BeneficiaryId, UnansweredReason.NobodyReachable,
                alert.LastKnownLocation, now, alert.Source),
            new EscalationStepReached(alert.Id, alert.AssociationId, alert.BeneficiaryId, alert.LastStep + 1, alert.PlanStep,
                EscalationPolicy.RegionFallback, false, alert.Source, alert.LastKnownLocation, now, alert.ContactsComing),
        ];
    }
}
