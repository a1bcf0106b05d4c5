using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>An association's escalation timings, in seconds after the trigger (repeats: seconds between rounds).</summary>
/// <param name="SecondTierAfterSeconds">When her tier 2 is texted; left out, with the calls to tier 1.</param>
/// <param name="ThirdTierAfterSeconds">When her tier 3 is texted; left out, with the on-call operator.</param>
/// <param name="UnansweredAfterSeconds">When an alert no operator took in hand goes to the region's 24/7 fallback; left out,
/// 600 (10 min).</param>
/// <param name="RepeatsOnceUnanswered">Rounds of repeats once the region's fallback has it, then silence; left out, 3.</param>
/// <param name="TwoContactsStopTheWalk">Two contacts saying they are coming stop the walk through her circles (her
/// association is still paged); left out, false.</param>
public sealed record EscalationPolicyView(int VoiceCallsAfterSeconds, int OnCallAfterSeconds, int RepeatEverySeconds,
    int? SecondTierAfterSeconds = null, int? ThirdTierAfterSeconds = null, int? UnansweredAfterSeconds = null,
    int? RepeatsOnceUnanswered = null, bool? TwoContactsStopTheWalk = null)
{
    public static EscalationPolicyView Of(EscalationPolicy policy) => new((int)policy.VoiceCallsAfter.TotalSeconds,
        (int)policy.OnCallAfter.TotalSeconds, (int)policy.RepeatEvery.TotalSeconds, (int)policy.SecondTier.TotalSeconds,
        (int)policy.ThirdTier.TotalSeconds, (int)policy.Unanswered.TotalSeconds, policy.RepeatsOnceFallback,
        policy.TwoContactsStopTheWalk);
}

/// <param name="MinRepeatSeconds">The floor under repeats: shorter ones would ring her contacts' phones (and run up the bill)
/// faster than anyone can answer. A setting only so the end-to-end tests can walk the chain in real time.</param>
public sealed class EscalationPolicyOptions
{
    public const string Section = "Alerts:EscalationPolicy";

    [System.ComponentModel.DataAnnotations.Range(1, ChoosingThePolicySlice.MaxDelaySeconds)]
    public int MinRepeatSeconds { get; set; } = 30;
}

public static class ChoosingThePolicySlice
{
    public const int MaxDelaySeconds = 3600;

    /// <summary>More rounds than this once the region has the alert would only ring phones nobody answers.</summary>
    public const int MaxRepeatsOnceUnanswered = 10;

    public static Dictionary<string, string[]> Validate(EscalationPolicyView policy, int minRepeatSeconds)
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
        var secondTier = policy.SecondTierAfterSeconds ?? policy.VoiceCallsAfterSeconds;
        if (secondTier is < 1 or > MaxDelaySeconds)
        {
            errors["secondTierAfterSeconds"] = [$"From 1 to {MaxDelaySeconds}."];
        }
        if (policy.ThirdTierAfterSeconds is { } thirdTier && (thirdTier < secondTier || thirdTier > MaxDelaySeconds))
        {
            errors["thirdTierAfterSeconds"] = [$"From secondTierAfterSeconds to {MaxDelaySeconds}: her circles are reached closest first."];
        }
        if (policy.UnansweredAfterSeconds is { } unanswered && (unanswered < policy.OnCallAfterSeconds || unanswered > MaxDelaySeconds))
        {
            errors["unansweredAfterSeconds"] = [$"From onCallAfterSeconds to {MaxDelaySeconds}: the region comes after her association."];
        }
        if (policy.RepeatsOnceUnanswered is < 0 or > MaxRepeatsOnceUnanswered)
        {
            errors["repeatsOnceUnanswered"] = [$"From 0 to {MaxRepeatsOnceUnanswered}."];
        }
        if (policy.RepeatEverySeconds < minRepeatSeconds || policy.RepeatEverySeconds > MaxDelaySeconds)
        {
            errors["repeatEverySeconds"] = [$"From {minRepeatSeconds} to {MaxDelaySeconds}: sooner would ring the same phones before anyone can answer."];
        }
        return errors;
    }

    public static void MapEscalationPolicy(this RouteGroupBuilder alerts)
    {
        alerts.MapGet("/escalation-policy", GetAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);
        // How hard her alert rings is the association's decision, not any operator's.
        alerts.MapPut("/escalation-policy", PutAsync).RequireAuthorization(PlatformAuthentication.AssociationAdminPolicy);
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
        ClaimsPrincipal user, IDocumentStore store, IOptions<EscalationPolicyOptions> options, CancellationToken cancellationToken)
    {
        var errors = Validate(policy, options.Value.MinRepeatSeconds);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var associationId = user.AssociationId();
        await using var session = store.LightweightSession(associationId.ToString());
        // Alerts already running keep escalating on their trigger time, with the new timings from their next wake-up.
        var stored = new EscalationPolicy(associationId, TimeSpan.FromSeconds(policy.VoiceCallsAfterSeconds),
            TimeSpan.FromSeconds(policy.OnCallAfterSeconds), TimeSpan.FromSeconds(policy.RepeatEverySeconds),
            policy.SecondTierAfterSeconds is { } second ? TimeSpan.FromSeconds(second) : null,
            policy.ThirdTierAfterSeconds is { } third ? TimeSpan.FromSeconds(third) : null,
            policy.UnansweredAfterSeconds is { } unanswered ? TimeSpan.FromSeconds(unanswered) : null,
            policy.RepeatsOnceUnanswered, policy.TwoContactsStopTheWalk ?? false);
        session.Store(stored);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(EscalationPolicyView.Of(stored));
    }
}

public static class EscalationPolicySetup
{
    public static WebApplicationBuilder AddEscalationPolicies(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EscalationPolicyOptions>().BindConfiguration(EscalationPolicyOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Reading.UnansweredAdviceOptions>().BindConfiguration(Reading.UnansweredAdviceOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
