using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
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
public sealed record PressPatternSettings(Guid Id, PressAction SingleClick, PressAction DoubleClick, PressAction LongPress)
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
}

/// <summary>The settings as her app reads and writes them.</summary>
public sealed record PressPatternsView(PressAction? SingleClick, PressAction? DoubleClick, PressAction? LongPress);

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
        return new PressPatternsView(settings.SingleClick, settings.DoubleClick, settings.LongPress);
    }

    private static async Task<Results<Ok<PressPatternsView>, ValidationProblem>> PutAsync(PressPatternsView view, ClaimsPrincipal user,
        IDocumentStore store, CancellationToken cancellationToken)
    {
        var errors = Validate(view);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        await using var session = store.LightweightSession(user.AssociationId().ToString());
        session.Store(new PressPatternSettings(user.SubjectId(), view.SingleClick!.Value, view.DoubleClick!.Value, view.LongPress!.Value));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(view);
    }
}
