using Marten;
using Platform.Alerts.Api.Alerts.Listing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Globalization;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Resolving;

/// <summary>An operator closes the alert and says how it ended.</summary>
public sealed record ResolveAlert(AlertOutcome? Outcome, string? Note);

public sealed record AlertResolution(Guid AlertId, AlertStatus Status, AlertOutcome Outcome);

public static class ResolveAlertSlice
{
    public const int MaxNoteLength = 500;
    public const string AlreadyResolvedProblem = "/problems/alert-already-resolved";
    public const string StaleVersionProblem = "/problems/stale-version";
    public const string VersionRequiredProblem = "/problems/if-match-required";

    public static Dictionary<string, string[]> Validate(ResolveAlert command)
    {
        var errors = new Dictionary<string, string[]>();
        if (command.Outcome is null || !Enum.IsDefined(command.Outcome.Value))
        {
            errors["outcome"] = ["One of: safe, policeIntervened, falseAlarm, noAnswer, other."];
        }
        if (command.Outcome == AlertOutcome.Other && string.IsNullOrWhiteSpace(command.Note))
        {
            errors["note"] = ["Required when the outcome is other."];
        }
        if (command.Note is { Length: > MaxNoteLength })
        {
            errors["note"] = [$"At most {MaxNoteLength} characters."];
        }
        return errors;
    }

    /// <summary>The stream version from an If-Match header (<c>"7"</c>, as GET returns it in ETag); null if it is not one.</summary>
    public static long? ParseVersion(string ifMatch)
    {
        var value = ifMatch.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
    }

    /// <summary>
    /// Closing an alert ends the sharing of her location, so it is decided on exactly the state the operator saw:
    /// a resolution on a stale view could close an alert whose situation just changed.
    /// </summary>
    public static AlertResolved Decide(Alert? alert, long currentVersion, long expectedVersion, ResolveAlert command,
        Guid operatorId, DateTimeOffset now)
    {
        if (alert is null)
        {
            throw ProblemException.NotFound("The alert");
        }
        if (alert.Status == AlertStatus.Resolved)
        {
            throw ProblemException.Conflict(AlreadyResolvedProblem, "This alert is already resolved.");
        }
        if (currentVersion != expectedVersion)
        {
            throw new ProblemException(StatusCodes.Status412PreconditionFailed, StaleVersionProblem,
                "The alert changed since you read it.", "Read it again (GET returns its current ETag) and decide on what is new.");
        }
        var note = string.IsNullOrWhiteSpace(command.Note) ? null : command.Note.Trim();
        return new AlertResolved(alert.Id, alert.AssociationId, operatorId, command.Outcome!.Value, note, now);
    }

    public static void MapResolveAlert(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/{alertId:guid}/resolution", HandleAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<Results<Ok<AlertResolution>, ValidationProblem>> HandleAsync(Guid alertId, ResolveAlert command,
        [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (user.IsBeneficiary())
        {
            // Only her association closes an alert; a beneficiary learns nothing here, not even that it exists.
            throw ProblemException.NotFound("The alert");
        }
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw new ProblemException(StatusCodes.Status428PreconditionRequired, VersionRequiredProblem,
                "Send If-Match with the alert's ETag.", "Resolving is decided on the version you read: GET the alert, send its ETag back.");
        }
        var errors = Validate(command);
        if (ParseVersion(ifMatch) is not { } expectedVersion)
        {
            errors["If-Match"] = ["The alert's ETag as GET returned it, e.g. \"3\"."];
        }
        else if (errors.Count == 0)
        {
            return TypedResults.Ok(await ConcurrentWrites.RetryAsync(() =>
                ResolveAsync(alertId, expectedVersion, command, user, store, time, cancellationToken)));
        }
        return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
    }

    private static async Task<AlertResolution> ResolveAsync(Guid alertId, long expectedVersion, ResolveAlert command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        // The tenant session sees only her association's alerts: another association's is simply absent (404).
        await using var session = store.OpenTracedSession(user.AssociationId().ToString());
        var loaded = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
        var resolved = Decide(loaded.State, loaded.Version, expectedVersion, command, user.SubjectId(), time.GetUtcNow());
        session.AppendAfter(alertId, loaded, [resolved]);
        session.Store(AlertSummary.Of(AlertEvolution.Evolve(loaded.State, resolved)!));
        await session.SaveChangesAsync(cancellationToken);
        return new AlertResolution(alertId, AlertStatus.Resolved, resolved.Outcome);
    }
}
