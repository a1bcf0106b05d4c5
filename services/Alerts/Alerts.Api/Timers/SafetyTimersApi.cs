using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>What her app is told after each change to her timer (start, extend, position, check-in).</summary>
public sealed record SafetyTimerReceipt(Guid TimerId, DateTimeOffset DueAt, SafetyTimerStatus Status)
{
    /// <summary>As her phone may see it: a duress check-in or extension reads as the real one.</summary>
    public static SafetyTimerReceipt Of(SafetyTimer timer, DateTimeOffset now)
    {
        var shown = timer.ShownToHer(now);
        return new(shown.Id, shown.DueAt, shown.Status);
    }
}

public static class SafetyTimersApi
{
    public const string NotActiveProblem = "/problems/timer-not-active";

    /// <summary>Safety timers ("anticipate"): her timer raises an alert by itself unless she checks in before it is due.</summary>
    public static WebApplicationBuilder AddSafetyTimers(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
            options.Schema.For<SafetyTimerSummary>().MultiTenanted().Index(summary => summary.BeneficiaryId));
        builder.Services.AddWakeUpHandler<SafetyTimerWakeUp>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSafetyTimers(this IEndpointRouteBuilder app)
    {
        var timers = app.MapGroup("/api/timers").WithTags("Safety timers");
        timers.MapStartSafetyTimer();
        timers.MapExtendSafetyTimer();
        timers.MapUpdateTimerLocation();
        timers.MapCheckIn();
        timers.MapReadTimers();
        return app;
    }

    /// <summary>Someone else's timer is answered as absent: a caller learns nothing about a timer that is not theirs.</summary>
    public static SafetyTimer Hers(SafetyTimer? timer, Guid beneficiaryId) =>
        timer is not null && timer.BeneficiaryId == beneficiaryId ? timer : throw ProblemException.NotFound("The timer");

    /// <summary>
    /// Only a running timer (as her phone sees it) takes changes: a duress check-in refuses them as a real one does, a duress
    /// extension takes them until its due time as a real one does.
    /// </summary>
    public static void RefuseUnlessActive(SafetyTimer timer, DateTimeOffset now)
    {
        if (timer.ShownToHer(now).Status != SafetyTimerStatus.Active)
        {
            throw ProblemException.Conflict(NotActiveProblem, "This timer is no longer running.", "Start a new timer if you need one.");
        }
    }

    /// <summary>
    /// Loads her timer (and the alert it raised, if any), decides, and appends against the versions read: a change racing
    /// the expiry (or another change) decides again on what committed first. Her list line, the alert and the wake-ups
    /// follow in the same transaction. Every path does the same work (load, decide, append, save): a duress must take as
    /// long as the real thing.
    /// </summary>
    /// <returns>The decision, and what her app is told of the timer as it now stands.</returns>
    public static Task<(T Decision, SafetyTimerReceipt Receipt)> DecideAsync<T>(IDocumentStore store, ClaimsPrincipal user, Guid timerId,
        TimeProvider time, Func<SafetyTimer?, Alert?, DateTimeOffset, T> decide, Func<T, SafetyTimerOutcome> outcomeOf,
        CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(user.AssociationId().ToString());
            var loaded = await session.LoadAsync<SafetyTimer>(timerId, SafetyTimerEvolution.Evolve, cancellationToken);
            var alert = loaded.State?.AlertId is { } alertId
                ? await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken)
                : null;
            var now = time.GetUtcNow();
            var decided = decide(loaded.State, alert?.State, now);
            var outcome = outcomeOf(decided);
            if (outcome.TimerEvents.Count > 0)
            {
                SafetyTimerExpiry.Queue(session, loaded, alert, outcome, now);
                await session.SaveChangesAsync(cancellationToken);
            }
            return (decided, SafetyTimerReceipt.Of(SafetyTimerEvolution.After(loaded.State!, outcome.TimerEvents), now));
        });

    /// <summary>The one answer to a wrong PIN, whatever it was meant to confirm.</summary>
    public static ProblemHttpResult WrongPin(int triesLeft) =>
        TypedResults.Problem(type: CancelAlertSlice.WrongPinProblem, statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "This PIN is not right.", extensions: new Dictionary<string, object?> { ["triesLeft"] = triesLeft });

    /// <summary>The checks a position given to a timer passes: those of a press, and no capture time ahead of the server's clock.</summary>
    public static void ValidateLocation(TriggerLocation location, string field, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        TriggerAlertSlice.ValidateLocation(location, field, errors);
        if (location.CapturedAt > now + RecordLocationsSlice.MaxClockAhead)
        {
            // It would pin "last known" on it, and the alert would start from the wrong place.
            errors[$"{field}.capturedAt"] = ["In the future: check the phone's clock."];
        }
    }

    public static Position PositionOf(TriggerLocation location, DateTimeOffset now) =>
        new(location.Latitude!.Value, location.Longitude!.Value, location.AccuracyMeters!.Value, location.CapturedAt ?? now);
}
