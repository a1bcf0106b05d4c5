namespace Platform.Notifications.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// Never a phone number or a message body: these events are logged and kept by other services.

/// <summary>A provider accepted a message for one contact of one alert.</summary>
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
}

/// <summary>A contact answered the consent SMS ("OUI" accepts, "NON" declines); contacts records it.</summary>
public sealed record ConsentReplyReceived(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    Guid ContactId,
    bool Accepted);
