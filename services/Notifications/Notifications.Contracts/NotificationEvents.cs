namespace Platform.Notifications.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// Never a phone number or a message body: these events are logged and kept by other services.

/// <summary>A provider accepted a message for one contact (or on-call operator: ContactId is then the operator's id) of one alert.</summary>
public sealed record NotificationDispatched(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ContactId,
    NotificationChannel Channel,
    int EscalationStep,
    string ProviderMessageId);

/// <summary>A message could not be sent to one contact of one alert.</summary>
public sealed record NotificationFailed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ContactId,
    NotificationChannel Channel,
    int EscalationStep,
    string Reason);

public enum NotificationChannel
{
    Sms,
    Voice,
    /// <summary>Her alert page, opened from the link in the alert SMS: only ever an acknowledgement ("I'm on my way").</summary>
    AlertPage,
}

/// <summary>
/// Someone reached for an alert said they are on their way: "OK" by SMS, 1 pressed on a voice call, "I'm on my way" on her
/// alert page. The first one stops the escalation; later ones join the timeline.
/// </summary>
/// <param name="ResponderId">The contact's id, or the on-call operator's.</param>
/// <param name="ResponderName">The display name she (or the roster) gave them: all her app may show of who is coming.</param>
public sealed record NotificationAcknowledged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ResponderId,
    Platform.Alerts.Contracts.ResponderKind ResponderKind,
    string ResponderName,
    NotificationChannel Channel);

/// <summary>A contact answered the consent SMS ("OUI" accepts, "NON" declines); contacts records it.</summary>
public sealed record ConsentReplyReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    Guid ContactId,
    bool Accepted);

/// <summary>
/// Her phone had no data and sent the compact alert code by SMS to the platform's number; notifications checked that it
/// came from her registered number. Alerts raises the alert (or joins the one the same press raised by data).
/// </summary>
/// <param name="PressId">The press id her app gave the press: the same on both paths.</param>
public sealed record SmsFallbackPressReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    string PressId,
    Platform.Alerts.Contracts.PressPattern PressPattern,
    Platform.Alerts.Contracts.AlertLocation Location);

/// <summary>The carrier confirmed a message reached the contact's phone (Twilio status "delivered").</summary>
public sealed record NotificationDelivered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ContactId,
    NotificationChannel Channel,
    int EscalationStep);

/// <summary>
/// The provider (Twilio) has been failing one alert message for longer than the configured notice: the alert's timeline
/// says so, and the association hears of it through its other channels. Retries go on.
/// </summary>
public sealed record NotificationProviderUnreachable(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid ContactId,
    NotificationChannel Channel,
    int EscalationStep,
    DateTimeOffset Since,
    int Attempts);

/// <summary>
/// At her press, nobody could be reached: she has no confirmed contact and nobody of her association is on call. Alerts
/// hands the alert to the region's 24/7 fallback at once instead of waiting for a chain that reaches no one.
/// </summary>
public sealed record NobodyReachable(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId);
