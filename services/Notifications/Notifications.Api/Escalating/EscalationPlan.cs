using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.FanOut;

namespace Platform.Notifications.Api.Escalating;

/// <summary>One message or call to send for an escalation step.</summary>
public sealed record PlannedDispatch(Guid RecipientId, ResponderKind RecipientKind, EscalationChannel Channel);

/// <param name="AudiencesWithNobody">Audiences the step asked for that reach nobody: the worst outcome, to be said loudly.</param>
public sealed record EscalationPlan(IReadOnlyList<PlannedDispatch> Dispatches, IReadOnlyList<EscalationAudience> AudiencesWithNobody)
{
    /// <summary>
    /// Who each reach of a step means now: her first tier is the first wave again (the people she put closest), her second
    /// and third tiers the next circles she named; the on-call audience is whoever the roster has on call at that instant.
    /// Each person once per channel.
    /// </summary>
    /// <param name="her">Null when her contacts are not known here: the on-call operators must still be reached.</param>
    /// <param name="coming">Her contacts who said they are coming: never called or texted again for this alert.</param>
    /// <param name="region">The region's 24/7 fallback roster, for a step that reaches it.</param>
    public static EscalationPlan For(IReadOnlyList<EscalationReach> reach, ContactsCopy? her, RosterCopy? roster, DateTimeOffset now,
        IReadOnlyCollection<Guid>? coming = null, RosterCopy? region = null)
    {
        var dispatches = new List<PlannedDispatch>();
        var nobody = new List<EscalationAudience>();
        foreach (var audience in reach.Select(r => r.Audience).Distinct())
        {
            List<(Guid Id, ResponderKind Kind)> people = audience switch
            {
                EscalationAudience.FirstTier or EscalationAudience.SecondTier or EscalationAudience.ThirdTier when her is not null =>
                    [.. AlertTriggeredConsumer.Wave(her, WaveOf(audience)).Select(contact => (contact.ContactId, ResponderKind.Contact))],
                EscalationAudience.OnCall when roster is not null =>
                    [.. roster.OnCallAt(now).Select(member => (member.OperatorId, ResponderKind.OnCallOperator))],
                EscalationAudience.RegionFallback when region is not null =>
                    [.. region.OnCallAt(now).Select(member => (member.OperatorId, ResponderKind.OnCallOperator))],
                _ => [],
            };
            // She may name nobody in tier 2 or 3: only an empty first tier or roster is the worst outcome.
            if (people.Count == 0 && audience is EscalationAudience.FirstTier or EscalationAudience.OnCall or EscalationAudience.RegionFallback)
            {
                nobody.Add(audience);
            }
            people.RemoveAll(person => coming?.Contains(person.Id) == true);
            var channels = reach.Where(r => r.Audience == audience).Select(r => r.Channel).Distinct();
            dispatches.AddRange(channels.SelectMany(channel => people.Select(person => new PlannedDispatch(person.Id, person.Kind, channel))));
        }
        return new EscalationPlan([.. dispatches.Distinct()], nobody);
    }

    private static int WaveOf(EscalationAudience audience) => audience switch
    {
        EscalationAudience.SecondTier => 1,
        EscalationAudience.ThirdTier => 2,
        _ => 0,
    };
}
