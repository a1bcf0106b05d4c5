using Marten;
using Platform.Alerts.Api.Alerts.Listing;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Globalization;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.SharingLocation;

/// <summary>Her phone sends the fixes it took since its last batch, while the alert is on.</summary>
public sealed record RecordLocations(IReadOnlyList<TriggerLocation?>? Fixes);

public sealed record LocationsAccepted(Guid AlertId, int Fixes, Position LastKnownLocation);

/// <param name="IngestionInterval">At most one stored batch per alert per this much server time.</param>
/// <param name="BroadcastInterval">At most one AlertLocationUpdated per alert per this much capture time.</param>
public sealed record LocationSharingSettings(TimeSpan IngestionInterval, TimeSpan BroadcastInterval)
{
    public static readonly LocationSharingSettings Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));
}

/// <summary>What becomes of a batch: stored, or sent back to be sent again later (never dropped silently).</summary>
public abstract record LocationDecision
{
    private LocationDecision()
    {
    }

    public sealed record Recorded(LocationsRecorded Event) : LocationDecision;

    public sealed record Throttled(TimeSpan RetryAfter) : LocationDecision;
}

public static class RecordLocationsSlice
{
    public const int MaxFixes = 100;
    public const string AlertClosedProblem = "/problems/alert-closed";
    public const string ThrottledProblem = "/problems/location-batches-too-frequent";

    /// <summary>A fix stamped later than this past the server's clock is refused: it would pin "last known" on it.</summary>
    public static readonly TimeSpan MaxClockAhead = Position.MaxClockAhead;

    public static Dictionary<string, string[]> Validate(RecordLocations command, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Fixes is not { Count: >= 1 and <= MaxFixes } fixes)
        {
            errors["fixes"] = [$"From 1 to {MaxFixes} fixes."];
            return errors;
        }
        for (var index = 0; index < fixes.Count; index++)
        {
            var field = $"fixes[{index}]";
            if (fixes[index] is not { } fix)
            {
                errors[field] = ["Required."];
                continue;
            }
            TriggerAlertSlice.ValidateLocation(fix, field, errors);
            if (fix.CapturedAt is not { } capturedAt)
            {
                errors[$"{field}.capturedAt"] = ["Required: when the phone took this fix."];
            }
            else if (capturedAt > now + MaxClockAhead)
            {
                errors[$"{field}.capturedAt"] = ["In the future: check the phone's clock."];
            }
        }
        return errors;
    }

    /// <summary>
    /// How long a batch must wait: the first batch of an alert never waits, so her first position is never refused.
    /// </summary>
    public static TimeSpan? RetryAfter(DateTimeOffset? lastStoredAt, DateTimeOffset now, TimeSpan interval)
    {
        if (lastStoredAt is not { } stored)
        {
            return null;
        }
        var elapsed = now - stored;
        // A clock stepped back must not hold her location back for longer than one interval.
        return elapsed >= interval ? null : interval - (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed);
    }

    /// <summary>The position to publish: only a newer "last known", and at most one per interval of capture time.</summary>
    public static Position? BroadcastDue(DateTimeOffset? lastBroadcastCapturedAt, Position lastKnown, Position latest, TimeSpan interval) =>
        latest.CapturedAt > lastKnown.CapturedAt
            && (lastBroadcastCapturedAt is not { } last || latest.CapturedAt - last >= interval)
            ? latest
            : null;

    /// <summary>Location is shared only during an alert, only by her, and only as often as the platform can carry.</summary>
    public static LocationDecision Decide(Alert? alert, Guid beneficiaryId, IReadOnlyList<Position> fixes, DateTimeOffset now,
        LocationSharingSettings settings)
    {
        if (alert is null || alert.BeneficiaryId != beneficiaryId)
        {
            throw ProblemException.NotFound("The alert");
        }
        if (alert.Status != AlertStatus.Triggered)
        {
            throw Closed();
        }
        if (RetryAfter(alert.LocationsStoredAt, now, settings.IngestionInterval) is { } wait)
        {
            // After a duress her phone must get what a cancelled alert answers, never a hint that the alert goes on.
            return alert.CancelShownAt is null ? new LocationDecision.Throttled(wait) : throw Closed();
        }
        Position[] ordered = [.. fixes.OrderBy(fix => fix.CapturedAt)];
        var latest = LocationTrail.Latest(alert.LastKnownLocation, ordered);
        return new LocationDecision.Recorded(new LocationsRecorded(alert.Id, alert.AssociationId, ordered,
            BroadcastDue(alert.LastBroadcastCapturedAt, alert.LastKnownLocation, latest, settings.BroadcastInterval), now));
    }

    public static ProblemException Closed() =>
        ProblemException.Conflict(AlertClosedProblem, "This alert is closed: your location is no longer shared.");

    public static WebApplicationBuilder AddLocationSharing(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Alerts:Locations");
        builder.Services.AddSingleton(new LocationSharingSettings(
            section.GetValue<TimeSpan?>("IngestionInterval") ?? LocationSharingSettings.Default.IngestionInterval,
            section.GetValue<TimeSpan?>("BroadcastInterval") ?? LocationSharingSettings.Default.BroadcastInterval));
        return builder;
    }

    public static void MapRecordLocations(this RouteGroupBuilder alerts) =>
        // Operators are let through to be told 404: the alert is hers alone to locate.
        alerts.MapPost("/{alertId:guid}/locations", HandleAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<Results<Ok<LocationsAccepted>, ValidationProblem, ProblemHttpResult>> HandleAsync(Guid alertId,
        RecordLocations command, ClaimsPrincipal user, IDocumentStore store, TimeProvider time, LocationSharingSettings settings,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = Validate(command, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        Position[] fixes = [.. command.Fixes!.Select(fix => new Position(fix!.Latitude!.Value, fix.Longitude!.Value,
            fix.AccuracyMeters!.Value, fix.CapturedAt!.Value))];
        var decision = await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(user.AssociationId().ToString());
            var loaded = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
            var decided = Decide(loaded.State, user.SubjectId(), fixes, time.GetUtcNow(), settings);
            if (decided is LocationDecision.Recorded recorded)
            {
                var state = AlertEvolution.Evolve(loaded.State, recorded.Event)!;
                session.AppendAfter(alertId, loaded, [recorded.Event]);
                session.Store(AlertSummary.Of(state));
                await session.SaveChangesAsync(cancellationToken);
                return (decided, State: state);
            }
            return (decided, State: loaded.State!);
        });
        if (decision.State.CancelShownAt is not null)
        {
            // Duress: the fixes are kept for her association, and her phone is answered as if the alert were cancelled.
            throw Closed();
        }
        if (decision.decided is LocationDecision.Throttled throttled)
        {
            // Nothing of this batch is kept: the 429 tells the phone to keep the fixes and send them with its next batch.
            http.Response.Headers.RetryAfter = Math.Ceiling(throttled.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(type: ThrottledProblem, statusCode: StatusCodes.Status429TooManyRequests,
                title: "Location batches for this alert are arriving too often.",
                detail: "Keep these fixes and send them again, with any new ones, after Retry-After seconds.");
        }
        return TypedResults.Ok(new LocationsAccepted(alertId, fixes.Length, decision.State.LastKnownLocation));
    }
}
