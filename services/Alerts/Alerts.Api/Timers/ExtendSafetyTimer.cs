using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>
/// She needs more time: the timer is now due later. Her PIN confirms it, as for a check-in: whoever holds her unlocked
/// phone must not push the due time back until the alert never goes out.
/// </summary>
public sealed record ExtendSafetyTimer(DateTimeOffset? DueAt, string? Pin)
{
    public override string ToString() => "ExtendSafetyTimer(***)";
}

public abstract record ExtendDecision(SafetyTimerOutcome Outcome)
{
    /// <summary>Answered exactly as a real extension, whatever was really recorded.</summary>
    public sealed record LooksExtended(SafetyTimerOutcome Outcome) : ExtendDecision(Outcome);

    /// <summary>An earlier due time than her phone was shown: answered alike whatever the PIN recorded.</summary>
    public sealed record NotLater(SafetyTimerOutcome Outcome) : ExtendDecision(Outcome);

    public sealed record WrongPin(SafetyTimerOutcome Outcome, int TriesLeft) : ExtendDecision(Outcome);
}

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
    /// Her cancel PIN moves the due time. Her duress PIN looks like it to her phone, and to her later reads until that due
    /// time passes, while the timer's alert goes out at once, marked duress. Wrong PINs count down with check-in's, then
    /// fire the alert (escalate, never lock her out). Only later: an earlier due time is a new timer, not an extension; the
    /// same due time again (her app retrying) changes nothing and answers as the first did.
    /// </summary>
    public static ExtendDecision Decide(SafetyTimer? timer, Guid beneficiaryId, PinMatch match, DateTimeOffset dueAt, int maxWrongPins,
        DateTimeOffset now)
    {
        var hers = SafetyTimersApi.Hers(timer, beneficiaryId);
        SafetyTimersApi.RefuseUnlessActive(hers, now);
        if (match == PinMatch.Wrong)
        {
            var (wrong, triesLeft) = SafetyTimerExpiry.WrongPin(hers, maxWrongPins, now);
            return new ExtendDecision.WrongPin(wrong, triesLeft);
        }
        var shownDue = hers.ShownToHer(now).DueAt;
        var due = dueAt.ToUniversalTime();
        var outcome = (match, hers.Status) switch
        {
            // She is in danger even if the due time she typed is refused: the alert goes out all the same.
            (PinMatch.Duress, SafetyTimerStatus.Active) => Duress(hers, due > shownDue ? due : shownDue, now),
            _ when due <= shownDue => SafetyTimerOutcome.Nothing,
            (_, SafetyTimerStatus.Active) => new SafetyTimerOutcome([new SafetyTimerExtended(hers.Id, hers.AssociationId, due, now)], []),
            // It fired on her duress PIN while her phone was shown an extension: it is shown extended again, its alert goes on.
            _ => new SafetyTimerOutcome([new SafetyTimerExtensionShown(hers.Id, hers.AssociationId, due, now)], []),
        };
        return due < shownDue ? new ExtendDecision.NotLater(outcome) : new ExtendDecision.LooksExtended(outcome);
    }

    private static SafetyTimerOutcome Duress(SafetyTimer timer, DateTimeOffset shownDueAt, DateTimeOffset now)
    {
        var fired = SafetyTimerExpiry.Fire(timer, [], SafetyTimerAlertCause.DuressPin, now);
        return fired with { TimerEvents = [.. fired.TimerEvents, new SafetyTimerExtensionShown(timer.Id, timer.AssociationId, shownDueAt, now)] };
    }

    public static void MapExtendSafetyTimer(this RouteGroupBuilder timers) =>
        timers.MapPost("/{timerId:guid}/extend", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<SafetyTimerReceipt>, ValidationProblem, ProblemHttpResult>> HandleAsync(Guid timerId,
        ExtendSafetyTimer command, ClaimsPrincipal user, IDocumentStore store, PinGuard pins, TimeProvider time,
        CancellingSettings settings, CancellationToken cancellationToken)
    {
        var errors = Validate(command, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var beneficiaryId = user.SubjectId();
        var match = await pins.CheckAsync(user, command.Pin, PinAction.ExtendingATimer, cancellationToken);
        var (decision, receipt) = await SafetyTimersApi.DecideAsync(store, user, timerId, time,
            (timer, _, now) => Decide(timer, beneficiaryId, match, command.DueAt!.Value, settings.MaxWrongPins, now),
            decided => decided.Outcome, cancellationToken);
        return decision switch
        {
            ExtendDecision.WrongPin wrong => SafetyTimersApi.WrongPin(wrong.TriesLeft),
            ExtendDecision.NotLater => TypedResults.Problem(type: NotLaterProblem, statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The new due time must be later than the current one."),
            _ => TypedResults.Ok(receipt),
        };
    }
}
