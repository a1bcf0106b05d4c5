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
    AlertLocation Location,
    AlertSource Source = AlertSource.Button,
    AlertResponse Response = AlertResponse.FullAlert);

/// <summary>How the alert reached the platform. A drill runs the whole real chain, every message marked TEST.</summary>
public enum AlertSource
{
    Button,
    App,
    /// <summary>Her safety timer ran out without a check-in.</summary>
    Timer,
    /// <summary>Her phone had no data and sent the compact code by SMS.</summary>
    SmsFallback,
    Drill,
}

/// <summary>What she chose her press pattern to do.</summary>
public enum AlertResponse
{
    /// <summary>Her contacts, then voice calls, then her association, until someone answers.</summary>
    FullAlert,
    /// <summary>A discreet "call me with an excuse" message to tier 1 only; no escalation.</summary>
    CallMeWithAnExcuse,
}

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
