using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Timers;

/// <summary>She (or whoever holds her phone) stops the timer with a PIN: she is safe.</summary>
public sealed record CheckInSafetyTimer(string? Pin)
{
    public override string ToString() => "CheckInSafetyTimer(***)";
}

public abstract record CheckInDecision(SafetyTimerOutcome Outcome)
{
    /// <summary>Answered exactly as a real check-in, whatever was really recorded.</summary>
    public sealed record LooksCheckedIn(SafetyTimerOutcome Outcome) : CheckInDecision(Outcome);

    public sealed record WrongPin(SafetyTimerOutcome Outcome, int TriesLeft) : CheckInDecision(Outcome);

    /// <summary>Too late: the timer already raised its alert, which only the alert's own cancel stops.</summary>
    public sealed record AlreadyFired(Guid AlertId) : CheckInDecision(SafetyTimerOutcome.Nothing);
}

public static class CheckInSlice
{
    public const string AlreadyFiredProblem = "/problems/timer-fired";

    /// <summary>
    /// Her cancel PIN stops the timer; her duress PIN looks like it to her phone while the timer's alert goes out at once,
    /// marked duress; wrong PINs count down, then fire the alert (escalate, never lock her out). Once the timer looks
    /// checked in to her phone, every later check-in looks the same; while it looks running (a duress extension), a
    /// check-in answers as one of a running timer.
    /// </summary>
    /// <param name="alert">The alert the timer already raised, if any.</param>
    public static CheckInDecision Decide(SafetyTimer? timer, Alert? alert, Guid beneficiaryId, PinMatch match, int maxWrongPins,
        DateTimeOffset now)
    {
        var hers = SafetyTimersApi.Hers(timer, beneficiaryId);
        var seen = hers.ShownToHer(now);
        if (seen.Status == SafetyTimerStatus.CheckedIn)
        {
            return new CheckInDecision.LooksCheckedIn(SafetyTimerOutcome.Nothing);
        }
        var shown = new SafetyTimerCheckInShown(hers.Id, hers.AssociationId, now);
        if (seen.Status == SafetyTimerStatus.Expired)
        {
            if (seen.Cause != SafetyTimerAlertCause.WrongPinsExceeded)
            {
                return new CheckInDecision.AlreadyFired(hers.AlertId!.Value);
            }
            // Whoever kept guessing may hold her phone: it is told the timer is checked in, and the alert's own cancel rule
            // decides what her association learns (her duress PIN now, or the wrong PINs again).
            var onAlert = alert is null ? [] : CancelAlertSlice.Decide(alert, beneficiaryId, match, maxWrongPins, now).Events;
            return new CheckInDecision.LooksCheckedIn(new SafetyTimerOutcome([shown], onAlert));
        }
        if (match == PinMatch.Wrong)
        {
            var (wrong, triesLeft) = SafetyTimerExpiry.WrongPin(hers, maxWrongPins, now);
            return new CheckInDecision.WrongPin(wrong, triesLeft);
        }
        if (hers.Status != SafetyTimerStatus.Active)
        {
            // It fired on her duress PIN while her phone was shown an extension: it is now shown checked in, its alert goes on.
            return new CheckInDecision.LooksCheckedIn(new SafetyTimerOutcome([shown], []));
        }
        if (match == PinMatch.Cancel)
        {
            return new CheckInDecision.LooksCheckedIn(new SafetyTimerOutcome([new SafetyTimerCheckedIn(hers.Id, hers.AssociationId, now)], []));
        }
        var fired = SafetyTimerExpiry.Fire(hers, [], SafetyTimerAlertCause.DuressPin, now);
        return new CheckInDecision.LooksCheckedIn(fired with { TimerEvents = [.. fired.TimerEvents, shown] });
    }

    public static void MapCheckIn(this RouteGroupBuilder timers) =>
        timers.MapPost("/{timerId:guid}/check-in", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Ok<SafetyTimerReceipt>, ProblemHttpResult>> HandleAsync(Guid timerId, CheckInSafetyTimer command,
        ClaimsPrincipal user, IDocumentStore store, PinGuard pins, TimeProvider time, CancellingSettings settings,
        CancellationToken cancellationToken)
    {
        var beneficiaryId = user.SubjectId();
        var match = await pins.CheckAsync(user, command.Pin, PinAction.CheckingIn, cancellationToken);
        var (decision, receipt) = await SafetyTimersApi.DecideAsync(store, user, timerId, time,
            (timer, alert, now) => Decide(timer, alert, beneficiaryId, match, settings.MaxWrongPins, now), decided => decided.Outcome,
            cancellationToken);
        return decision switch
        {
            CheckInDecision.WrongPin wrong => SafetyTimersApi.WrongPin(wrong.TriesLeft),
            CheckInDecision.AlreadyFired fired => TypedResults.Problem(type: AlreadyFiredProblem,
                statusCode: StatusCodes.Status409Conflict, title: "This timer already raised an alert.",
                detail: "If you are safe, cancel the alert with your PIN.",
                extensions: new Dictionary<string, object?> { ["alertId"] = fired.AlertId }),
            _ => TypedResults.Ok(receipt),
        };
    }
}
