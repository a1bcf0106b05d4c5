using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>She needs more time: the timer is now due later.</summary>
public sealed record ExtendSafetyTimer(DateTimeOffset? DueAt);

public static class ExtendSafetyTimerSlice
{
    public const string NotLaterProblem = "/problems/timer-not-later";

    public static Dictionary<string, string[]> Validate(ExtendSafetyTimer command, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        StartSafetyTimerSlice.ValidateDueAt(command.DueAt, now, errors);
        return errors;
    }

    /// <summary>
    /// Only later: an earlier due time is a new timer, not an extension. The same due time again (her app retrying)
    /// changes nothing and answers as the first did.
    /// </summary>
    public static IReadOnlyList<object> Decide(SafetyTimer? timer, Guid beneficiaryId, DateTimeOffset dueAt, DateTimeOffset now)
    {
        var hers = SafetyTimersApi.Hers(timer, beneficiaryId);
        SafetyTimersApi.RefuseUnlessActive(hers);
        var due = dueAt.ToUniversalTime();
        if (due == hers.DueAt)
        {
            return [];
        }
        if (due < hers.DueAt)
        {
            throw ProblemException.Unprocessable(NotLaterProblem, "The new due time must be later than the current one.");
        }
        return [new SafetyTimerExtended(hers.Id, hers.AssociationId, due, now)];
    }

    public static void MapExtendSafetyTimer(this RouteGroupBuilder timers) =>
        timers.MapPost("/{timerId:guid}/extend", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<SafetyTimerReceipt>, ValidationProblem>> HandleAsync(Guid timerId, ExtendSafetyTimer command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(command, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var timer = await SafetyTimersApi.ChangeAsync(store, user, timerId,
            loaded => Decide(loaded, user.SubjectId(), command.DueAt!.Value, time.GetUtcNow()), cancellationToken);
        return TypedResults.Ok(SafetyTimerReceipt.Of(timer));
    }
}
