using Platform.Alerts.Contracts;

namespace Platform.OperatorConsole.Gateway;

// The platform's public API as the console reads it (the JSON documented in each service's OpenAPI document). These are
// the console's own views of those answers, like any API client's; messages between services stay in the contracts.

public enum AlertStatus
{
    Triggered,
    Resolved,
    Cancelled,
}

public sealed record Position(double Latitude, double Longitude, double AccuracyMeters, DateTimeOffset CapturedAt);

public sealed record AlertSummary(Guid Id, Guid BeneficiaryId, AlertStatus Status, bool Duress, DateTimeOffset TriggeredAt,
    Position LastKnownLocation, int NotificationsDispatched, int NotificationsFailed, bool Acknowledged, AlertSource Source,
    AlertResponse Response, bool Unanswered, bool Urgent);

public sealed record AlertPage(IReadOnlyList<AlertSummary> Items, Guid? Next);

public sealed record TimelineEntry(DateTimeOffset At, string Kind, Guid? ContactId, string? Channel, string? Detail);

public sealed record ResolutionView(AlertOutcome Outcome, DateTimeOffset ResolvedAt, string? Note);

public sealed record AlertView(Guid Id, AlertStatus Status, Guid BeneficiaryId, DateTimeOffset TriggeredAt, Position LastKnownLocation,
    IReadOnlyList<Position> Trail, ResolutionView? Resolution, IReadOnlyList<TimelineEntry> Timeline, bool? Duress, AlertSource Source,
    AlertResponse Response);

public sealed record ResponderView(string Name, DateTimeOffset AcknowledgedAt, Guid? ResponderId, ResponderKind? Kind, string? Channel);

public sealed record RespondersView(bool SomeoneIsComing, IReadOnlyList<ResponderView> Responders);

public sealed record ContactView(Guid Id, string Name, string Phone, int Tier, string Consent)
{
    /// <summary>The words' key for her consent state (pending, confirmed, declined, lapsed as the API writes them).</summary>
    public string ConsentWord => Consent.Length == 0 ? "Consent.Pending" : $"Consent.{char.ToUpperInvariant(Consent[0])}{Consent[1..]}";
}

public sealed record BeneficiaryView(Guid Id, Guid AssociationId, string DisplayName, string Language, string AlertMessage,
    IReadOnlyList<ContactView> Contacts, string? Phone);

public sealed record CaseloadLine(Guid Id, string DisplayName, DateTimeOffset EnrolledAt, int ConfirmedContacts, int PendingContacts,
    int DeclinedOrLapsedContacts);

public sealed record CaseloadPage(IReadOnlyList<CaseloadLine> Items, int Total);

public sealed record ActivationCodeIssued(string Code, DateTimeOffset ExpiresAt, string QrContent, string QrSvg);

public sealed record AppSessionView(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset? RevokedAt, string? RevokedBecause);

public sealed record AppSessionsRevocation(int Revoked, int RefusedEverywhereWithinSeconds);
