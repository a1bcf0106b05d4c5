using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.RefusingPresses;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Triggering;

/// <summary>She pressed her button; the app forwards the press with where she is.</summary>
public sealed record TriggerAlert(Guid? DeviceId, PressPattern? PressPattern, TriggerLocation? Location);

public sealed record TriggerLocation(double? Latitude, double? Longitude, double? AccuracyMeters, DateTimeOffset? CapturedAt);

/// <summary>The promise made to the app: this alert is committed and will reach her contacts.</summary>
public sealed record AlertAccepted(Guid AlertId, AlertStatus Status);

public static class TriggerAlertSlice
{
    public const string UnknownDeviceProblem = "/problems/unknown-device";
    public const int MaxPressIdLength = 128;

    public static Dictionary<string, string[]> Validate(TriggerAlert command, string? pressId)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(pressId) || pressId.Length > MaxPressIdLength)
        {
            errors["Idempotency-Key"] = [$"The header carries the button's press id (1 to {MaxPressIdLength} characters)."];
        }
        if (command.DeviceId is null || command.DeviceId == Guid.Empty)
        {
            errors["deviceId"] = ["Required."];
        }
        if (command.PressPattern is null || !Enum.IsDefined(command.PressPattern.Value))
        {
            errors["pressPattern"] = ["One of: singleClick, doubleClick, longPress."];
        }
        if (command.Location is not { } location)
        {
            errors["location"] = ["Required: where she is when she presses."];
            return errors;
        }
        ValidateLocation(location, "location", errors);
        return errors;
    }

    /// <summary>The checks every position she sends passes, at the trigger and during the alert.</summary>
    public static void ValidateLocation(TriggerLocation location, string field, Dictionary<string, string[]> errors)
    {
        if (location.Latitude is not (>= -90 and <= 90))
        {
            errors[$"{field}.latitude"] = ["Between -90 and 90."];
        }
        if (location.Longitude is not (>= -180 and <= 180))
        {
            errors[$"{field}.longitude"] = ["Between -180 and 180."];
        }
        if (location.AccuracyMeters is not (>= 0 and <= 100_000))
        {
            errors[$"{field}.accuracyMeters"] = ["Between 0 and 100000 metres."];
        }
    }

    public const string RevokedDeviceProblem = "/problems/device-revoked";

    /// <summary>A press counts only from a button paired to her and not revoked; anything else could be a stolen button.</summary>
    public static AlertTriggered Decide(TriggerAlert command, string pressId, Guid associationId, Guid beneficiaryId,
        PairedDevice? device, DateTimeOffset now)
    {
        if (device is null || device.BeneficiaryId != beneficiaryId)
        {
            throw ProblemException.Unprocessable(UnknownDeviceProblem, "This button is not paired to you.",
                "Ask your association to pair the button again.");
        }
        if (device.RevokedAs is not null)
        {
            throw ProblemException.Unprocessable(RevokedDeviceProblem, "This button was reported lost or retired and cannot raise alerts.",
                "If you are in danger, raise the alert from the app or call 17.");
        }
        var location = command.Location!;
        return new AlertTriggered(Alert.IdFor(associationId, beneficiaryId, pressId), associationId, beneficiaryId, device.Id,
            command.PressPattern!.Value,
            new Position(location.Latitude!.Value, location.Longitude!.Value, location.AccuracyMeters!.Value, location.CapturedAt ?? now),
            pressId, now);
    }

    public static void MapTriggerAlert(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Accepted<AlertAccepted>, ValidationProblem>> HandleAsync(TriggerAlert command,
        [FromHeader(Name = "Idempotency-Key")] string? pressId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Validate(command, pressId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var associationId = user.AssociationId();
        var beneficiaryId = user.SubjectId();
        var alertId = Alert.IdFor(associationId, beneficiaryId, pressId!);
        await using var session = store.OpenTracedSession(associationId.ToString());
        if (await session.Events.FetchStreamStateAsync(alertId, cancellationToken) is not null)
        {
            return Accepted(alertId);
        }
        var device = await session.LoadAsync<PairedDevice>(command.DeviceId!.Value, cancellationToken);
        if (device is { RevokedAs: { } reason } && device.BeneficiaryId == beneficiaryId)
        {
            // Kept for her association before the refusal: a lost button pressed may be in the abuser's hands.
            session.Store(new RefusedPress(Guid.CreateVersion7(), device.Id, beneficiaryId, reason, time.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }
        var triggered = Decide(command, pressId!, associationId, beneficiaryId, device, time.GetUtcNow());
        Start(session, triggered);
        try
        {
            // The commit is the durability point: once this returns, the alert cannot be lost.
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // The same press arrived twice at once: the other request committed it.
        }
        return Accepted(alertId);
    }

    /// <summary>
    /// Starts an alert's stream, its line in the operators' list and its escalation, in the session's transaction: every
    /// way an alert begins (a press, a timer running out, an SMS fallback) goes through here.
    /// </summary>
    public static void Start(IDocumentSession session, AlertTriggered triggered)
    {
        session.Events.StartStream<Alert>(triggered.AlertId, triggered);
        session.Store(AlertSummary.Of(AlertEvolution.Evolve(null, triggered)!));
        // The escalation's first wake-up commits with the alert: it looks at once, finds nothing due, and sets the next.
        session.ScheduleWakeUp(Escalation.WakeUpKind, triggered.AlertId, triggered.At);
    }

    private static Accepted<AlertAccepted> Accepted(Guid alertId) =>
        TypedResults.Accepted($"/api/alerts/{alertId}", new AlertAccepted(alertId, AlertStatus.Triggered));
}
