using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.ChoosingPressPatterns;

/// <summary>What a press of her button does, as she chose it.</summary>
public enum PressAction
{
    /// <summary>A discreet "call me with an excuse" message to tier 1 only; no escalation.</summary>
    CallMeWithAnExcuse,
    /// <summary>Her contacts, then calls, then her association, until someone answers.</summary>
    FullAlert,
    /// <summary>A full alert, and her app is told to start recording (evidence).</summary>
    FullAlertAndRecord,
}

/// <param name="Id">The beneficiary's id.</param>
/// <param name="ShownToHerApp">What her app reads since her duress PIN confirmed a weaker choice (which only seemed to be
/// kept), or null when her app reads these.</param>
public sealed record PressPatternSettings(Guid Id, PressAction SingleClick, PressAction DoubleClick, PressAction LongPress,
    PressPatternsView? ShownToHerApp = null)
{
    /// <summary>
    /// The documented default for a new beneficiary: one click asks tier 1 for a discreet call (the easiest press to make by
    /// accident must never wake her association); two clicks raise the full alert; a long press raises it and records.
    /// </summary>
    public static PressPatternSettings DefaultFor(Guid beneficiaryId) =>
        new(beneficiaryId, PressAction.CallMeWithAnExcuse, PressAction.FullAlert, PressAction.FullAlertAndRecord);

    public PressAction ActionFor(PressPattern pattern) => pattern switch
    {
        PressPattern.SingleClick => SingleClick,
        PressPattern.DoubleClick => DoubleClick,
        _ => LongPress,
    };

    public PressPatternsView AsHerAppSeesIt() => ShownToHerApp ?? new PressPatternsView(SingleClick, DoubleClick, LongPress);

    /// <summary>
    /// A press that would do less than it does now (a full alert becoming a discreet call, a recording no longer started):
    /// whoever holds her phone could quietly disarm her button, so her PIN must confirm it.
    /// </summary>
    public bool WouldWeaken(PressPatternsView chosen) =>
        Rank(chosen.SingleClick!.Value) < Rank(SingleClick) || Rank(chosen.DoubleClick!.Value) < Rank(DoubleClick)
        || Rank(chosen.LongPress!.Value) < Rank(LongPress);

    private static int Rank(PressAction action) => action switch
    {
        PressAction.CallMeWithAnExcuse => 0,
        PressAction.FullAlert => 1,
        _ => 2,
    };
}

/// <summary>The settings as her app reads and writes them.</summary>
/// <param name="Pin">Her cancel PIN, needed (when writing) only for a choice that makes a press do less.</param>
public sealed record PressPatternsView(PressAction? SingleClick, PressAction? DoubleClick, PressAction? LongPress,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? Pin = null)
{
    public override string ToString() => $"PressPatternsView({SingleClick}, {DoubleClick}, {LongPress}, ***)";
}

/// <summary>Her real PIN confirmed that a press will do less (kept in her PIN stream; published to her association).</summary>
public sealed record HerPressPatternsWeakened(Guid BeneficiaryId, Guid AssociationId, DateTimeOffset At);

public static class PressPatternsSlice
{
    public static Dictionary<string, string[]> Validate(PressPatternsView view)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, action) in new[] { ("singleClick", view.SingleClick), ("doubleClick", view.DoubleClick), ("longPress", view.LongPress) })
        {
            if (action is null || !Enum.IsDefined(action.Value))
            {
                errors[field] = ["One of: callMeWithAnExcuse, fullAlert, fullAlertAndRecord."];
            }
        }
        if (errors.Count == 0 && new[] { view.SingleClick, view.DoubleClick, view.LongPress }.All(a => a == PressAction.CallMeWithAnExcuse))
        {
            // Her button must always be able to raise a real alert.
            errors["pressPatterns"] = ["At least one press must raise a full alert."];
        }
        return errors;
    }

    public static void MapPressPatterns(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/settings/press-patterns", GetAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
        alerts.MapPut("/settings/press-patterns", PutAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
    }

    private static async Task<PressPatternsView> GetAsync(ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var settings = await session.LoadAsync<PressPatternSettings>(user.SubjectId(), cancellationToken)
            ?? PressPatternSettings.DefaultFor(user.SubjectId());
        return settings.AsHerAppSeesIt();
    }

    public const string PinRequiredProblem = "/problems/pin-required";

    /// <summary>
    /// What to keep: a choice that does not weaken any press is kept as it is; a weaker one needs her PIN (then her
    /// association is told), and with her duress PIN only her app is shown it (her association is told by the duress signal).
    /// </summary>
    /// <param name="pin">What her PIN was found to be; null when she sent none.</param>
    public static PressPatternSettings Decide(PressPatternSettings current, PressPatternsView chosen, PinMatch? pin)
    {
        var kept = new PressPatternSettings(current.Id, chosen.SingleClick!.Value, chosen.DoubleClick!.Value, chosen.LongPress!.Value);
        return !current.WouldWeaken(chosen) ? kept : pin switch
        {
            PinMatch.Cancel => kept,
            PinMatch.Duress => current with { ShownToHerApp = chosen with { Pin = null } },
            PinMatch.Wrong => throw ProblemException.Unprocessable(Cancelling.CancelAlertSlice.WrongPinProblem, "This PIN is not right."),
            _ => throw new ProblemException(StatusCodes.Status428PreconditionRequired, PinRequiredProblem,
                "Type your PIN to make a press do less.", "Send your cancel PIN as \"pin\" with the new choice."),
        };
    }

    private static async Task<Results<Ok<PressPatternsView>, ValidationProblem>> PutAsync(PressPatternsView view, ClaimsPrincipal user,
        IDocumentStore store, PinGuard guard, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(view);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        await using var session = store.LightweightSession(user.AssociationId().ToString());
        var current = await session.LoadAsync<PressPatternSettings>(user.SubjectId(), cancellationToken)
            ?? PressPatternSettings.DefaultFor(user.SubjectId());
        // Her PIN counts in her budget only when the choice needs it.
        PinMatch? pin = current.WouldWeaken(view) && !string.IsNullOrEmpty(view.Pin)
            ? await guard.CheckAsync(user, view.Pin, PinAction.WeakeningPressPatterns, cancellationToken)
            : null;
        var kept = Decide(current, view, pin);
        session.Store(kept);
        var now = time.GetUtcNow();
        if (pin == PinMatch.Duress)
        {
            PinGuard.Signal(session, user, DuressReason.DuressPin, PinAction.WeakeningPressPatterns, now);
        }
        else if (pin == PinMatch.Cancel)
        {
            session.Events.Append(HerDuressSignalled.StreamIdFor(user.SubjectId()),
                new HerPressPatternsWeakened(user.SubjectId(), user.AssociationId(), now));
        }
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(view with { Pin = null });
    }
}
