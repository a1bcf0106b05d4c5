namespace Platform.Alerts.Contracts;

// Same rules as AlertEvents.cs: id, when, the association (tenant), the ids it is about; breaking changes are new types.

/// <summary>Where she is now, during an alert (throttled by capture time: at most one per alert per configured interval).</summary>
public sealed record AlertLocationUpdated(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    AlertLocation Location);

/// <summary>An operator closed the alert with its outcome; her location is no longer shared.</summary>
/// <remarks>The operator's note stays in the alerts service: it may say more about her than other services need.</remarks>
public sealed record AlertResolved(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ResolvedBy,
    AlertOutcome Outcome);

public enum AlertOutcome
{
    Safe,
    PoliceIntervened,
    FalseAlarm,
    NoAnswer,
    Other,
}

/// <summary>She cancelled her alert with her PIN: tell her contacts she is safe.</summary>
public sealed record AlertCancelled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId);

/// <summary>
/// For her association only, never for her contacts: the alert goes on while her phone shows it cancelled (she entered
/// her duress PIN), or too many wrong PINs were tried on it (someone else may hold her phone).
/// </summary>
/// <remarks>No beneficiary id, no location: only the association, which reads the alert itself, needs to act on it.</remarks>
public sealed record AlertDuressRaised(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    DuressReason Reason);

public enum DuressReason
{
    DuressPin,
    WrongPinsExceeded,
}

/// <summary>
/// For her association only, outside any alert: someone may be using her phone against her. Too many wrong PINs were
/// typed on it today, or her duress PIN confirmed an action (which only seemed to happen). Her phone is never told.
/// </summary>
/// <remarks>No name, no position, no PIN: the association reads her file itself.</remarks>
/// <param name="Action">What the PIN was typed for, the last time.</param>
public sealed record BeneficiaryDuressRaised(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    DuressReason Reason,
    PinAction Action);

/// <summary>
/// For her association only: her PIN confirmed, from her app, that a press of her button will do less than before (a full
/// alert becoming a discreet call, or no longer recording). Whoever holds her phone may have done it.
/// </summary>
public sealed record HerPressPatternsWeakened(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId);

/// <summary>What her PIN was asked to confirm.</summary>
public enum PinAction
{
    CancellingAnAlert,
    CheckingIn,
    ExtendingATimer,
    ChangingPins,
    AddingAContact,
    RemovingAContact,
    ChangingAContactsPhone,
    ChangingHerPhone,
    ErasingHerEvidence,
    WeakeningPressPatterns,
}
