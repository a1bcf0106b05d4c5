using Platform.Alerts.Contracts;

namespace Platform.Alerts.Api.Alerts.Escalating;

/// <summary>
/// How an association escalates an alert nobody has acknowledged. Step 1 is the trigger (tier 1 by SMS at once); then,
/// each at its delay after the trigger, tier 1 is called, tier 2 and tier 3 are texted, and the on-call operator is texted
/// and called (steps falling due at the same second go out together); every later step repeats the calls to tier 1 and
/// the on-call operator, until an operator acknowledges or the alert ends. Unanswered by an operator after
/// <see cref="Unanswered"/>, the region's 24/7 fallback joins every later step, and the repeats stop after
/// <see cref="RepeatsOnceFallback"/> more rounds: nothing calls a phone forever.
/// </summary>
/// <param name="Id">The association's id (one policy per association).</param>
/// <param name="SecondTierAfter">Null (a policy stored before tiers had their own delay): with the calls to tier 1.</param>
/// <param name="ThirdTierAfter">Null: with the on-call operator.</param>
/// <param name="UnansweredAfter">When an alert no operator of her association took in hand goes to the region's 24/7
/// fallback; null: <see cref="DefaultUnansweredAfter"/> (never before the on-call operator was reached).</param>
/// <param name="RepeatsOnceUnanswered">How many more rounds of repeats once the region's fallback has the alert, after which
/// nothing calls anyone again for it; null: <see cref="DefaultRepeatsOnceUnanswered"/>.</param>
/// <param name="TwoContactsStopTheWalk">Two of her contacts saying they are coming stop the walk through her circles (never
/// one: the abuser may be a contact, a forwarded link anyone's); her association is still paged until an operator answers.</param>
public sealed record EscalationPolicy(Guid Id, TimeSpan VoiceCallsAfter, TimeSpan OnCallAfter, TimeSpan RepeatEvery,
    TimeSpan? SecondTierAfter = null, TimeSpan? ThirdTierAfter = null, TimeSpan? UnansweredAfter = null,
    int? RepeatsOnceUnanswered = null, bool TwoContactsStopTheWalk = false)
{
    public static readonly TimeSpan DefaultUnansweredAfter = TimeSpan.FromMinutes(10);

    public const int DefaultRepeatsOnceUnanswered = 3;

    public static readonly IReadOnlyList<EscalationReach> RegionFallback =
        [new(EscalationAudience.RegionFallback, EscalationChannel.Sms), new(EscalationAudience.RegionFallback, EscalationChannel.Voice)];

    /// <summary>When the alert goes to the region's fallback if no operator answered: never before her association was paged.</summary>
    public TimeSpan Unanswered => UnansweredAfter is { } after && after >= OnCallAfter ? after
        : DefaultUnansweredAfter >= OnCallAfter ? DefaultUnansweredAfter : OnCallAfter;

    public int RepeatsOnceFallback => RepeatsOnceUnanswered ?? DefaultRepeatsOnceUnanswered;

    /// <summary>
    /// The documented default: tier 1 called and tier 2 texted after 60 s, tier 3 and the on-call operator after 120 s,
    /// repeats every 90 s; no operator answer after 10 min: the region's fallback, then 3 more rounds at most.
    /// </summary>
    public static EscalationPolicy DefaultFor(Guid associationId) =>
        new(associationId, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(90));

    public static readonly IReadOnlyList<EscalationReach> FirstTierCalls = [new(EscalationAudience.FirstTier, EscalationChannel.Voice)];

    public static readonly IReadOnlyList<EscalationReach> OnCall =
        [new(EscalationAudience.OnCall, EscalationChannel.Sms), new(EscalationAudience.OnCall, EscalationChannel.Voice)];

    public TimeSpan SecondTier => SecondTierAfter ?? VoiceCallsAfter;

    public TimeSpan ThirdTier => ThirdTierAfter ?? OnCallAfter;

    /// <summary>The steps after the trigger, in time order, those due at the same moment merged into one.</summary>
    private IReadOnlyList<(TimeSpan Due, IReadOnlyList<EscalationReach> Reach)> Chain =>
    [
        .. new (TimeSpan Due, EscalationReach Reach)[]
            {
                (VoiceCallsAfter, FirstTierCalls[0]),
                (SecondTier, new(EscalationAudience.SecondTier, EscalationChannel.Sms)),
                (ThirdTier, new(EscalationAudience.ThirdTier, EscalationChannel.Sms)),
                (OnCallAfter, OnCall[0]),
                (OnCallAfter, OnCall[1]),
            }
            .GroupBy(entry => entry.Due)
            .OrderBy(group => group.Key)
            .Select(group => (group.Key, (IReadOnlyList<EscalationReach>)[.. group.Select(entry => entry.Reach)])),
    ];

    /// <summary>How long after the trigger a step of the plan falls due.</summary>
    public TimeSpan DueAfter(int planStep)
    {
        var chain = Chain;
        return planStep <= 1 ? TimeSpan.Zero
            : planStep - 2 < chain.Count ? chain[planStep - 2].Due
            : chain[^1].Due + RepeatEvery * (planStep - 1 - chain.Count);
    }

    /// <summary>Whom a step of the plan reaches.</summary>
    public IReadOnlyList<EscalationReach> ReachOf(int planStep)
    {
        var chain = Chain;
        return planStep - 2 is var index && index >= 0 && index < chain.Count ? chain[index].Reach : [.. FirstTierCalls, .. OnCall];
    }
}
