using Marten;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Api.Timers;

/// <summary>What a decision on a timer appends: to the timer, and to its alert (started by the first event, or one already fired).</summary>
public sealed record SafetyTimerOutcome(IReadOnlyList<object> TimerEvents, IReadOnlyList<object> AlertEvents)
{
    public static readonly SafetyTimerOutcome Nothing = new([], []);
}

/// <summary>When and how a timer raises its alert.</summary>
public static class SafetyTimerExpiry
{
    public const string WakeUpKind = "safety-timer";

    /// <summary>At its due time an active timer fires; a checked-in or already fired one never does (the wake-up may come twice).</summary>
    public static SafetyTimerOutcome Decide(SafetyTimer? timer, DateTimeOffset now) =>
        timer is { Status: SafetyTimerStatus.Active } && timer.DueAt <= now
            ? Fire(timer, [], SafetyTimerAlertCause.DueTimePassed, now)
            : SafetyTimerOutcome.Nothing;

    /// <summary>The timer's events so far in this decision, then its expiry and the alert it raises, marked for its cause.</summary>
    public static SafetyTimerOutcome Fire(SafetyTimer timer, IReadOnlyList<object> before, SafetyTimerAlertCause cause, DateTimeOffset now)
    {
        var alertId = SafetyTimer.AlertIdFor(timer.AssociationId, timer.BeneficiaryId, timer.Id);
        var fired = SafetyTimerEvolution.After(timer, before);
        var triggered = new AlertTriggered(alertId, timer.AssociationId, timer.BeneficiaryId, timer.DeviceId ?? Guid.Empty,
            PressPattern.LongPress, fired.LastKnownLocation, SafetyTimer.PressIdFor(timer.Id), now, AlertSource.Timer);
        IReadOnlyList<object> alert = cause switch
        {
            // Marked as the alert's own cancel marks them, so the escalation reaches the association at once, with priority.
            SafetyTimerAlertCause.DuressPin => [triggered, new AlertDuressSignalled(alertId, timer.AssociationId, DuressReason.DuressPin, now,
                // Her phone was shown a check-in or an extension, never a cancel: if she ever reads this alert, it reads
                // as the alert a real expiry would have raised.
                ShownAsCancelled: false)],
            SafetyTimerAlertCause.WrongPinsExceeded => [triggered, new WrongPinsExceeded(alertId, timer.AssociationId, fired.WrongPins, now)],
            _ => [triggered],
        };
        return new([.. before, new SafetyTimerExpired(timer.Id, timer.AssociationId, alertId, cause, now)], alert);
    }

    /// <summary>
    /// A wrong PIN, whatever it was meant to confirm (a check-in, an extension): they count down together, then fire the
    /// alert marked as wrong PINs (escalate, never lock her out). On a timer that already fired on her duress PIN while
    /// looking extended, her phone is shown that firing and her association is told someone kept guessing.
    /// </summary>
    public static (SafetyTimerOutcome Outcome, int TriesLeft) WrongPin(SafetyTimer timer, int maxWrongPins, DateTimeOffset now)
    {
        var wrongPins = timer.WrongPins + 1;
        object[] wrong = [new SafetyTimerWrongPinEntered(timer.Id, timer.AssociationId, now)];
        if (wrongPins < maxWrongPins)
        {
            return (new(wrong, []), maxWrongPins - wrongPins);
        }
        return timer is { Status: not SafetyTimerStatus.Active, AlertId: { } alertId }
            ? (new([.. wrong, new SafetyTimerExpiryShown(timer.Id, timer.AssociationId, now)],
                [new WrongPinsExceeded(alertId, timer.AssociationId, wrongPins, now)]), 0)
            : (Fire(timer, wrong, SafetyTimerAlertCause.WrongPinsExceeded, now), 0);
    }

    /// <summary>
    /// Queues the outcome in the session: the timer's events, her list line, the alert (with its operators' line and its
    /// escalation wake-up) and the timer's wake-up (moved, or ended) all commit together, so an expiry cannot lose its alert.
    /// </summary>
    /// <param name="alert">The alert already fired by this timer, when the outcome appends to it.</param>
    public static void Queue(IDocumentSession session, LoadedStream<SafetyTimer> timer, LoadedStream<Alert>? alert, SafetyTimerOutcome outcome,
        DateTimeOffset now)
    {
        var before = timer.State!;
        session.AppendAfter(before.Id, timer, outcome.TimerEvents);
        var after = SafetyTimerEvolution.After(before, outcome.TimerEvents);
        session.Store(SafetyTimerSummary.Of(after, now));
        if (outcome.AlertEvents is [AlertTriggered triggered, ..])
        {
            // Its escalation's first wake-up is due now: a duress mark reaches the association on that first look.
            TriggerAlertSlice.Start(session, triggered);
            if (outcome.AlertEvents.Count > 1)
            {
                session.Events.Append(triggered.AlertId, outcome.AlertEvents.Skip(1).ToArray());
                session.Store(AlertSummary.Of(outcome.AlertEvents.Aggregate(default(Alert), AlertEvolution.Evolve)!));
            }
        }
        else if (outcome.AlertEvents.Count > 0 && alert?.State is { } fired)
        {
            session.AppendAfter(fired.Id, alert, outcome.AlertEvents);
            session.Store(AlertSummary.Of(outcome.AlertEvents.Aggregate(fired, (state, e) => AlertEvolution.Evolve(state, e)!)));
        }
        if (after.Status == SafetyTimerStatus.Active && after.DueAt != before.DueAt)
        {
            session.ScheduleWakeUp(WakeUpKind, before.Id, after.DueAt);
        }
        else if (before.Status == SafetyTimerStatus.Active && after.Status != SafetyTimerStatus.Active)
        {
            // Nothing is left to decide for it.
            session.CancelWakeUp(WakeUpKind, before.Id);
        }
    }
}

/// <summary>A timer's due time came: decide from its stream whether it fires (it may have been checked in, extended or fired).</summary>
public sealed class SafetyTimerWakeUp(IDocumentStore store, TimeProvider time) : IWakeUpHandler
{
    public string Kind => SafetyTimerExpiry.WakeUpKind;

    public Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(wakeUp.Tenant);
            var loaded = await session.LoadAsync<SafetyTimer>(wakeUp.SubjectId, SafetyTimerEvolution.Evolve, cancellationToken);
            if (loaded.State is not { } timer)
            {
                return 0;
            }
            var now = time.GetUtcNow();
            var outcome = SafetyTimerExpiry.Decide(timer, now);
            if (outcome.TimerEvents.Count == 0)
            {
                if (timer is { Status: SafetyTimerStatus.Active } && timer.DueAt > now)
                {
                    // Woken early (an extension racing the lease): the promise to look again at its due time is kept.
                    session.ScheduleWakeUp(Kind, timer.Id, timer.DueAt);
                    await session.SaveChangesAsync(cancellationToken);
                }
                return 0;
            }
            SafetyTimerExpiry.Queue(session, loaded, null, outcome, now);
            await session.SaveChangesAsync(cancellationToken);
            return outcome.TimerEvents.Count;
        });
}
