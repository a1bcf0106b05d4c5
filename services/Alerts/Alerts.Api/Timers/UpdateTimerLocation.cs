using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.SharingLocation;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>Where she is now, if she wants the timer's alert to start from there. Nobody sees it unless the alert fires.</summary>
public sealed record UpdateTimerLocation(TriggerLocation? Location)
{
    public override string ToString() => "UpdateTimerLocation(***)";
}

public static class UpdateTimerLocationSlice
{
    public static Dictionary<string, string[]> Validate(UpdateTimerLocation command, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Location is not { } location)
        {
            errors["location"] = ["Required."];
        }
        else
        {
            SafetyTimersApi.ValidateLocation(location, "location", now, errors);
        }
        return errors;
    }

    /// <summary>
    /// Kept whenever it was captured; the alert starts from the latest by capture time, not by arrival. On a timer that
    /// fired on her duress PIN while looking extended, it also goes on to the alert, where it helps her now.
    /// </summary>
    public static SafetyTimerOutcome Decide(SafetyTimer? timer, Alert? alert, Guid beneficiaryId, TriggerLocation location,
        TimeSpan broadcastInterval, DateTimeOffset now)
    {
        var hers = SafetyTimersApi.Hers(timer, beneficiaryId);
        SafetyTimersApi.RefuseUnlessActive(hers, now);
        var position = SafetyTimersApi.PositionOf(location, now);
        object[] updated = [new SafetyTimerPositionUpdated(hers.Id, hers.AssociationId, position, now)];
        return hers.Status != SafetyTimerStatus.Active && alert is { Status: AlertStatus.Triggered }
            ? new(updated, [new LocationsRecorded(alert.Id, alert.AssociationId, [position],
                RecordLocationsSlice.BroadcastDue(alert.LastBroadcastCapturedAt, alert.LastKnownLocation, position, broadcastInterval), now)])
            : new(updated, []);
    }

    // No PIN, unlike extending or checking in: a position only helps her alert, and asking for one could hold back where she is.
    public static void MapUpdateTimerLocation(this RouteGroupBuilder timers) =>
        timers.MapPost("/{timerId:guid}/locations", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<SafetyTimerReceipt>, ValidationProblem>> HandleAsync(Guid timerId, UpdateTimerLocation command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, LocationSharingSettings settings, CancellationToken cancellationToken)
    {
        var errors = Validate(command, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var beneficiaryId = user.SubjectId();
        // A position racing the expiry is refused, never kept on a timer whose alert started without it.
        var (_, receipt) = await SafetyTimersApi.DecideAsync(store, user, timerId, time,
            (timer, alert, now) => Decide(timer, alert, beneficiaryId, command.Location!, settings.BroadcastInterval, now),
            outcome => outcome, cancellationToken);
        return TypedResults.Ok(receipt);
    }
}
