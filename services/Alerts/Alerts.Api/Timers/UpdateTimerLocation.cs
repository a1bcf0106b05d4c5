using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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

    /// <summary>Kept whenever it was captured; the alert starts from the latest by capture time, not by arrival.</summary>
    public static SafetyTimerPositionUpdated Decide(SafetyTimer? timer, Guid beneficiaryId, TriggerLocation location, DateTimeOffset now)
    {
        var hers = SafetyTimersApi.Hers(timer, beneficiaryId);
        SafetyTimersApi.RefuseUnlessActive(hers);
        return new SafetyTimerPositionUpdated(hers.Id, hers.AssociationId, SafetyTimersApi.PositionOf(location, now), now);
    }

    public static void MapUpdateTimerLocation(this RouteGroupBuilder timers) =>
        timers.MapPost("/{timerId:guid}/locations", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<SafetyTimerReceipt>, ValidationProblem>> HandleAsync(Guid timerId, UpdateTimerLocation command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(command, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        // A position racing the expiry is refused, never kept on a timer whose alert started without it.
        var timer = await SafetyTimersApi.ChangeAsync(store, user, timerId,
            loaded => [Decide(loaded, user.SubjectId(), command.Location!, time.GetUtcNow())], cancellationToken);
        return TypedResults.Ok(SafetyTimerReceipt.Of(timer));
    }
}
