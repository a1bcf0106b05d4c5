using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>An association's escalation timings, in seconds after the trigger (repeats: seconds between rounds).</summary>
public sealed record EscalationPolicyView(int VoiceCallsAfterSeconds, int OnCallAfterSeconds, int RepeatEverySeconds)
{
    public static EscalationPolicyView Of(EscalationPolicy policy) => new((int)policy.VoiceCallsAfter.TotalSeconds,
        (int)policy.OnCallAfter.TotalSeconds, (int)policy.RepeatEvery.TotalSeconds);
}

public static class ChoosingThePolicySlice
{
    public const int MaxDelaySeconds = 3600;
    /// <summary>Shorter repeats would ring the same phones before the last call has ended.</summary>
    public const int MinRepeatSeconds = 5;

    public static Dictionary<string, string[]> Validate(EscalationPolicyView policy)
    {
        var errors = new Dictionary<string, string[]>();
        if (policy.VoiceCallsAfterSeconds is < 1 or > MaxDelaySeconds)
        {
            errors["voiceCallsAfterSeconds"] = [$"From 1 to {MaxDelaySeconds}."];
        }
        if (policy.OnCallAfterSeconds < policy.VoiceCallsAfterSeconds || policy.OnCallAfterSeconds > MaxDelaySeconds)
        {
            errors["onCallAfterSeconds"] = [$"From voiceCallsAfterSeconds to {MaxDelaySeconds}: the association comes after the calls."];
        }
        if (policy.RepeatEverySeconds is < MinRepeatSeconds or > MaxDelaySeconds)
        {
            errors["repeatEverySeconds"] = [$"From {MinRepeatSeconds} to {MaxDelaySeconds}."];
        }
        return errors;
    }

    public static void MapEscalationPolicy(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/escalation-policy", GetAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);
        alerts.MapPut("/escalation-policy", PutAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);
    }

    private static async Task<EscalationPolicyView> GetAsync(ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        var associationId = user.AssociationId();
        await using var session = store.QuerySession(associationId.ToString());
        return EscalationPolicyView.Of(await session.LoadAsync<EscalationPolicy>(associationId, cancellationToken)
            ?? EscalationPolicy.DefaultFor(associationId));
    }

    private static async Task<Results<Ok<EscalationPolicyView>, ValidationProblem>> PutAsync(EscalationPolicyView policy,
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        var errors = Validate(policy);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var associationId = user.AssociationId();
        await using var session = store.LightweightSession(associationId.ToString());
        // Alerts already running keep escalating on their trigger time, with the new timings from their next wake-up.
        session.Store(new EscalationPolicy(associationId, TimeSpan.FromSeconds(policy.VoiceCallsAfterSeconds),
            TimeSpan.FromSeconds(policy.OnCallAfterSeconds), TimeSpan.FromSeconds(policy.RepeatEverySeconds)));
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(policy);
    }
}
