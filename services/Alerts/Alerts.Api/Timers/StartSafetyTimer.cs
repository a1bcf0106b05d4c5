using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>She is going somewhere risky: unless she checks in by <paramref name="DueAt"/>, an alert goes out by itself.</summary>
/// <param name="Location">Required: the alert needs a position even if her phone never sends another.</param>
public sealed record StartSafetyTimer(DateTimeOffset? DueAt, string? Note, TriggerLocation? Location, Guid? DeviceId)
{
    public override string ToString() => "StartSafetyTimer(***)";
}

public static class StartSafetyTimerSlice
{
    public const int MaxNoteLength = 280;
    public const string TooManyTimersProblem = "/problems/too-many-timers";

    /// <summary>Every walk home and every appointment of a busy day, with room to spare; a loop of new timers stops here.</summary>
    public const int MaxTimersPerDay = 20;

    /// <summary>Longer and a forgotten timer would raise an alert a day later, long after anyone could help.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(24);

    public static Dictionary<string, string[]> Validate(StartSafetyTimer command, string? startId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(startId) || startId.Length > TriggerAlertSlice.MaxPressIdLength)
        {
            errors["Idempotency-Key"] = [$"The header carries the app's id for this start (1 to {TriggerAlertSlice.MaxPressIdLength} characters)."];
        }
        ValidateDueAt(command.DueAt, now, errors);
        if (command.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"At most {MaxNoteLength} characters."];
        }
        if (command.DeviceId == Guid.Empty)
        {
            errors["deviceId"] = ["Not an empty id: leave it out instead."];
        }
        if (command.Location is not { } location)
        {
            errors["location"] = ["Required: where she is now, for the alert if she does not check in."];
        }
        else
        {
            SafetyTimersApi.ValidateLocation(location, "location", now, errors);
        }
        return errors;
    }

    /// <summary>A due time the timer (started or extended) may take: in the future, at most <see cref="MaxAhead"/> from now.</summary>
    public static void ValidateDueAt(DateTimeOffset? dueAt, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (dueAt is not { } due)
        {
            errors["dueAt"] = ["Required: when the alert goes out unless she checks in."];
        }
        else if (due <= now)
        {
            errors["dueAt"] = ["In the future."];
        }
        else if (due > now + MaxAhead)
        {
            errors["dueAt"] = [$"At most {MaxAhead.TotalHours} hours from now."];
        }
    }

    public static SafetyTimerStarted Decide(StartSafetyTimer command, string startId, Guid associationId, Guid beneficiaryId,
        DateTimeOffset now) =>
        new(SafetyTimer.IdFor(associationId, beneficiaryId, startId), associationId, beneficiaryId, command.DeviceId,
            command.DueAt!.Value.ToUniversalTime(), string.IsNullOrWhiteSpace(command.Note) ? null : command.Note,
            SafetyTimersApi.PositionOf(command.Location!, now), now);

    public static void MapStartSafetyTimer(this RouteGroupBuilder timers) =>
        timers.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Created<SafetyTimerReceipt>, ValidationProblem>> HandleAsync(StartSafetyTimer command,
        [FromHeader(Name = "Idempotency-Key")] string? startId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var associationId = user.AssociationId();
        var beneficiaryId = user.SubjectId();
        var now = time.GetUtcNow();
        await using var session = store.OpenTracedSession(associationId.ToString());
        var errors = Validate(command, startId, now);
        if (errors.ContainsKey("Idempotency-Key"))
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var timerId = SafetyTimer.IdFor(associationId, beneficiaryId, startId!);
        // Her app retrying a start that committed gets the same timer back, even once its due time has passed.
        if (await ExistingAsync(session, timerId, cancellationToken) is { } existing)
        {
            return Created(existing, now);
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        if (await session.LoadAsync<AlertPins>(beneficiaryId, cancellationToken) is null)
        {
            // Without a PIN she could never check in: the timer would always raise its alert.
            throw ProblemException.Conflict(PinGuard.NoPinSetProblem, "No PIN is set for checking in.",
                "Choose your PINs in the app's settings before starting a timer.");
        }
        var since = now.AddDays(-1);
        var startedToday = await session.Query<SafetyTimerSummary>()
            .Where(summary => summary.BeneficiaryId == beneficiaryId && summary.StartedAt > since)
            .Select(summary => summary.StartedAt).ToListAsync(cancellationToken);
        DailyLimit.Refuse(startedToday, MaxTimersPerDay, now, TooManyTimersProblem,
            $"At most {MaxTimersPerDay} safety timers a day.", "Pressing the button always raises an alert.");
        var started = Decide(command, startId!, associationId, beneficiaryId, now);
        var timer = SafetyTimerEvolution.Evolve(null, started)!;
        session.Events.StartStream<SafetyTimer>(timerId, started);
        session.Store(SafetyTimerSummary.Of(timer, now));
        // The promise to look at its due time commits with the timer: a restart or a crash cannot lose it.
        session.ScheduleWakeUp(SafetyTimerExpiry.WakeUpKind, timerId, started.DueAt);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // The same start arrived twice at once: the other request committed it.
            await using var query = store.QuerySession(associationId.ToString());
            return Created(await ExistingAsync(query, timerId, cancellationToken) ?? timer, now);
        }
        return Created(timer, now);
    }

    private static async Task<SafetyTimer?> ExistingAsync(IQuerySession session, Guid timerId, CancellationToken cancellationToken) =>
        (await session.LoadAsync<SafetyTimer>(timerId, SafetyTimerEvolution.Evolve, cancellationToken)).State;

    private static Created<SafetyTimerReceipt> Created(SafetyTimer timer, DateTimeOffset now) =>
        TypedResults.Created($"/api/timers/{timer.Id}", SafetyTimerReceipt.Of(timer, now));
}
