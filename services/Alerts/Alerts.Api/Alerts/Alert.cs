using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;

namespace Platform.Alerts.Api.Alerts;

// Domain events: private to this service, mapped to Platform.Alerts.Contracts by the outbox.
public sealed record AlertTriggered(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    Position Location, string PressId, DateTimeOffset At);
public sealed record ContactNotified(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    string ProviderMessageId, DateTimeOffset At);
public sealed record ContactNotificationFailed(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    string Reason, DateTimeOffset At);

/// <param name="AccuracyMeters">Radius of 68 % confidence, as phones report it.</param>
public sealed record Position(double Latitude, double Longitude, double AccuracyMeters, DateTimeOffset CapturedAt);

public enum AlertStatus
{
    Triggered,
}

/// <summary>One alert: the stream is the truth; this is what it adds up to.</summary>
public sealed record Alert(Guid Id, Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    AlertStatus Status, DateTimeOffset TriggeredAt, Position LastKnownLocation, int NotificationsDispatched, int NotificationsFailed)
{
    /// <summary>
    /// The alert's id follows from her press id: the same press retried by the app, or arriving by two paths,
    /// lands on the same stream.
    /// </summary>
    public static Guid IdFor(Guid associationId, Guid beneficiaryId, string pressId) =>
        Platform.ServiceDefaults.DeterministicIds.From("alert", associationId, beneficiaryId, pressId);
}

/// <summary>How each event changes an alert (apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class AlertEvolution
{
    public static Alert? Evolve(Alert? state, object @event) => (state, @event) switch
    {
        (null, AlertTriggered e) => new Alert(e.AlertId, e.AssociationId, e.BeneficiaryId, e.DeviceId, e.PressPattern,
            AlertStatus.Triggered, e.At, e.Location, 0, 0),
        (not null, ContactNotified) => state with { NotificationsDispatched = state.NotificationsDispatched + 1 },
        (not null, ContactNotificationFailed) => state with { NotificationsFailed = state.NotificationsFailed + 1 },
        _ => state,
    };
}
