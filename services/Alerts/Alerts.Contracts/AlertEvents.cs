namespace Platform.Alerts.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// A breaking change is a new type (AlertTriggeredV2), never an edit of this one.

/// <summary>She pressed her button (or the app raised the alert for her): reach her contacts now.</summary>
public sealed record AlertTriggered(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid BeneficiaryId,
    Guid DeviceId,
    PressPattern PressPattern,
    AlertLocation Location);

public enum PressPattern
{
    SingleClick,
    DoubleClick,
    LongPress,
}

/// <param name="AccuracyMeters">Radius of 68 % confidence, as phones report it.</param>
public sealed record AlertLocation(
    double Latitude,
    double Longitude,
    double AccuracyMeters,
    DateTimeOffset CapturedAt);
