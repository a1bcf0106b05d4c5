using Marten;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>An alert's escalation wake-up fired: decide from its stream what is due, append it, set the next wake-up.</summary>
public sealed class EscalationWakeUp(IDocumentStore store, TimeProvider time) : IWakeUpHandler
{
    public string Kind => Escalation.WakeUpKind;

    public Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(wakeUp.Tenant);
            var loaded = await session.LoadAsync<Alert>(wakeUp.SubjectId, AlertEvolution.Evolve, cancellationToken);
            if (loaded.State is not { } alert)
            {
                return 0;
            }
            var policy = await session.LoadAsync<EscalationPolicy>(alert.AssociationId, cancellationToken)
                ?? EscalationPolicy.DefaultFor(alert.AssociationId);
            var decision = Escalation.Decide(alert, policy, time.GetUtcNow());
            var events = decision.ToAppend;
            if (events.Count == 0 && decision.NextWakeUp is null)
            {
                return 0;
            }
            // The step and the promise of the next one commit together: a crash between them cannot lose the escalation.
            session.AppendAfter(wakeUp.SubjectId, loaded, events);
            if (decision.NextWakeUp is { } next)
            {
                session.ScheduleWakeUp(Escalation.WakeUpKind, alert.Id, next);
            }
            if (events.Count > 0)
            {
                session.Store(AlertSummary.Of(events.Aggregate(alert, (state, e) => AlertEvolution.Evolve(state, e)!)));
            }
            await session.SaveChangesAsync(cancellationToken);
            return events.Count;
        });
}
