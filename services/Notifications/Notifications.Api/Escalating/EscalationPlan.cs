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
    /// Who each reach of a step means now: her first tier is the first wave again (the people she put closest); the
    /// on-call audience is whoever the roster has on call at that instant. Each person once per channel.
    /// </summary>
    /// <param name="her">Null when her contacts are not known here: the on-call operators must still be reached.</param>
    public static EscalationPlan For(IReadOnlyList<EscalationReach> reach, ContactsCopy? her, RosterCopy? roster, DateTimeOffset now)
    {
        var dispatches = new List<PlannedDispatch>();
        var nobody = new List<EscalationAudience>();
        foreach (var audience in reach.Select(r => r.Audience).Distinct())
        {
            List<(Guid Id, ResponderKind Kind)> people = audience switch
            {
                EscalationAudience.FirstTier when her is not null =>
                    [.. AlertTriggeredConsumer.FirstWave(her).Select(contact => (contact.ContactId, ResponderKind.Contact))],
                EscalationAudience.OnCall when roster is not null =>
                    [.. roster.OnCallAt(now).Select(member => (member.OperatorId, ResponderKind.OnCallOperator))],
                _ => [],
            };
            if (people.Count == 0)
            {
                nobody.Add(audience);
            }
            var channels = reach.Where(r => r.Audience == audience).Select(r => r.Channel).Distinct();
            dispatches.AddRange(channels.SelectMany(channel => people.Select(person => new PlannedDispatch(person.Id, person.Kind, channel))));
        }
        return new EscalationPlan([.. dispatches.Distinct()], nobody);
    }
}
