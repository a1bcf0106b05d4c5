using Platform.Alerts.Contracts;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>
/// How an association escalates an alert nobody has acknowledged. Step 1 is the trigger (tier 1 by SMS at once);
/// step 2 calls tier 1 by voice; step 3 reaches the on-call operator by SMS and voice; every later step repeats the calls
/// to tier 1 and the on-call operator, until someone acknowledges or the alert ends.
/// </summary>
/// <param name="Id">The association's id (one policy per association).</param>
public sealed record EscalationPolicy(Guid Id, TimeSpan VoiceCallsAfter, TimeSpan OnCallAfter, TimeSpan RepeatEvery)
{
    /// <summary>The documented default: voice calls after 60 s, the on-call operator after 120 s, repeats every 90 s.</summary>
    public static EscalationPolicy DefaultFor(Guid associationId) =>
        new(associationId, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(90));

    public static readonly IReadOnlyList<EscalationReach> FirstTierCalls = [new(EscalationAudience.FirstTier, EscalationChannel.Voice)];

    public static readonly IReadOnlyList<EscalationReach> OnCall =
        [new(EscalationAudience.OnCall, EscalationChannel.Sms), new(EscalationAudience.OnCall, EscalationChannel.Voice)];

    /// <summary>How long after the trigger a step of the plan falls due.</summary>
    public TimeSpan DueAfter(int planStep) => planStep switch
    {
        <= 1 => TimeSpan.Zero,
        2 => VoiceCallsAfter,
        3 => OnCallAfter,
        _ => OnCallAfter + RepeatEvery * (planStep - 3),
    };

    /// <summary>Whom a step of the plan reaches.</summary>
    public static IReadOnlyList<EscalationReach> ReachOf(int planStep) => planStep switch
    {
        2 => FirstTierCalls,
        3 => OnCall,
        _ => [.. FirstTierCalls, .. OnCall],
    };
}
