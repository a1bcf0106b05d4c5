namespace Platform.Alerts.Contracts;

// Same rules as AlertEvents.cs: id, when, the association (tenant), the ids it is about; breaking changes are new types.

/// <summary>
/// Nobody has acknowledged the alert yet and a step of her association's escalation policy fell due: reach these people
/// now, on these channels. Step 1 is the trigger itself (AlertTriggered); escalations start at step 2.
/// </summary>
/// <param name="Priority">A duress (her duress PIN, or too many wrong PINs): the on-call operator treats it first. The
/// wording to her contacts never changes with it.</param>
/// <param name="LastKnownLocation">Where she was last seen, so every message says the newest position.</param>
public sealed record AlertEscalated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId,
    int Step,
    IReadOnlyList<EscalationReach> Reach,
    bool Priority,
    AlertSource Source,
    AlertLocation LastKnownLocation,
    IReadOnlyList<Guid>? Coming = null);

/// <summary>One audience on one channel.</summary>
public sealed record EscalationReach(EscalationAudience Audience, EscalationChannel Channel);

public enum EscalationAudience
{
    /// <summary>Her confirmed contacts of the closest tier she named (tier 1, when she named one).</summary>
    FirstTier,
    /// <summary>Her association's on-call operator(s) at that moment.</summary>
    OnCall,
    /// <summary>Her confirmed contacts of the next tier she named after the first (tier 2, when she named one).</summary>
    SecondTier,
    /// <summary>Her confirmed contacts of the tier after that (tier 3).</summary>
    ThirdTier,
    /// <summary>
    /// The region's 24/7 fallback roster (whoever is on it at that moment): the last resort when her association has not
    /// answered after the whole chain, or when nobody at all could be reached.
    /// </summary>
    RegionFallback,
}

public enum EscalationChannel
{
    Sms,
    Voice,
}

/// <summary>
/// Nobody of her association answered (or nobody at all could be reached): the alert went to the region's 24/7 fallback.
/// Her association's systems hear it first (webhook alert.unanswered); it is flagged first in the operators' list.
/// </summary>
public sealed record AlertUnanswered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId,
    UnansweredReason Reason,
    AlertLocation LastKnownLocation,
    AlertSource Source = AlertSource.Button);

public enum UnansweredReason
{
    /// <summary>The whole chain ran and no operator of her association took the alert in hand.</summary>
    NoOperatorAnswered,
    /// <summary>At the press, she had no confirmed contact and nobody of her association was on call.</summary>
    NobodyReachable,
}

/// <summary>Someone answered: the escalation stops; the association stays informed until the alert is resolved.</summary>
public sealed record AlertAcknowledged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ResponderId,
    ResponderKind ResponderKind);

public enum ResponderKind
{
    Contact,
    OnCallOperator,
}
