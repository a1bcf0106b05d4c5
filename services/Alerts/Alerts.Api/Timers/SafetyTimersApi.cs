using Marten;
using Platform.Alerts.Api.Alerts;
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
    /// <summary>As her phone may see it: a duress check-in reads as the real one.</summary>
    public static SafetyTimerReceipt Of(SafetyTimer timer) => new(timer.Id, timer.DueAt, timer.StatusShownToHer);
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

    /// <summary>Only a running timer (as her phone sees it) takes changes; a duress check-in refuses them as a real one does.</summary>
    public static void RefuseUnlessActive(SafetyTimer timer)
    {
        if (timer.StatusShownToHer != SafetyTimerStatus.Active)
        {
            throw ProblemException.Conflict(NotActiveProblem, "This timer is no longer running.", "Start a new timer if you need one.");
        }
    }

    /// <summary>
    /// Loads her timer, decides, and appends against the version read: a change racing the expiry (or another change)
    /// decides again on what committed first. Her list line and the wake-up follow the timer in the same transaction.
    /// </summary>
    /// <returns>The timer as it now stands.</returns>
    public static Task<SafetyTimer> ChangeAsync(IDocumentStore store, ClaimsPrincipal user, Guid timerId,
        Func<SafetyTimer?, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(user.AssociationId().ToString());
            var loaded = await session.LoadAsync<SafetyTimer>(timerId, SafetyTimerEvolution.Evolve, cancellationToken);
            var events = decide(loaded.State);
            if (events.Count == 0)
            {
                return loaded.State!;
            }
            var changed = SafetyTimerEvolution.After(loaded.State!, events);
            session.AppendAfter(timerId, loaded, events);
            session.Store(SafetyTimerSummary.Of(changed));
            if (changed.DueAt != loaded.State!.DueAt)
            {
                session.ScheduleWakeUp(SafetyTimerExpiry.WakeUpKind, timerId, changed.DueAt);
            }
            await session.SaveChangesAsync(cancellationToken);
            return changed;
        });

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
