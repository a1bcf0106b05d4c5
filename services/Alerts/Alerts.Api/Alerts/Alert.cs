using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;

namespace Platform.Alerts.Api.Alerts;

// Domain events: private to this service, mapped to Platform.Alerts.Contracts by the outbox.
/// <param name="CaptureTimeReplaced">Her phone said the position was captured more than a minute in the future: the time it
/// was received stands in, so a wrong clock (or a forged one) cannot pin her "last known" position for good.</param>
public sealed record AlertTriggered(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    Position Location, string PressId, DateTimeOffset At, AlertSource Source = AlertSource.Button,
    AlertResponse Response = AlertResponse.FullAlert, DeviceSnapshot? Device = null, bool StartRecording = false,
    bool CaptureTimeReplaced = false);

/// <summary>Her button and phone as they were at the press: a flat battery or a weak link explains a silence later.</summary>
/// <param name="SignalDbm">The Bluetooth link's strength (RSSI) between button and phone.</param>
public sealed record DeviceSnapshot(int? BatteryPercent, int? SignalDbm);

/// <summary>
/// The same press arrived by her phone's other path (data, or the SMS fallback) while this alert ran: it joins the alert
/// instead of raising a second one, so nobody is alerted twice.
/// </summary>
public sealed record PressJoined(Guid AlertId, Guid AssociationId, AlertSource Source, string PressId, DateTimeOffset At);

/// <summary>A step of the escalation fell due with nobody acknowledging (or, with Priority, a duress reached the association).</summary>
/// <param name="Step">Unique in the alert (the trigger is step 1): what notifications de-duplicates on.</param>
/// <param name="PlanStep">The policy's step this reaches (a step missed while the service was down is folded into it); 0 for a
/// priority step, which is outside the plan.</param>
/// <param name="LastKnownLocation">Where she was last seen when the step fell due: what the messages say.</param>
/// <param name="Coming">Her contacts who already said they are coming: no further call or SMS to them.</param>
public sealed record EscalationStepReached(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, int Step, int PlanStep,
    IReadOnlyList<EscalationReach> Reach, bool Priority, AlertSource Source, Position LastKnownLocation, DateTimeOffset At,
    IReadOnlyList<Guid>? Coming = null);

/// <summary>
/// No operator of her association answered after the whole chain, or nobody at all could be reached: the alert goes to
/// the region's 24/7 fallback, first in the operators' list, and her app says what to do.
/// </summary>
/// <param name="Source">A drill's is a drill too: it wakes nobody at the region and is never flagged urgent.</param>
public sealed record AlertWentUnanswered(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, UnansweredReason Reason,
    Position LastKnownLocation, DateTimeOffset At, AlertSource Source = AlertSource.Button);

/// <summary>Someone reached for her said they are on their way.</summary>
/// <param name="Name">Their display name: all her app is ever shown of who is coming.</param>
/// <param name="Channel">Null when an operator took the alert in hand through the API.</param>
public sealed record ResponderAcknowledged(Guid AlertId, Guid AssociationId, Guid ResponderId, ResponderKind Kind, string Name,
    NotificationChannel? Channel, DateTimeOffset At);
public sealed record ContactNotified(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    string ProviderMessageId, DateTimeOffset At);
/// <summary>The carrier confirmed the message reached the phone.</summary>
public sealed record ContactNotificationDelivered(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    DateTimeOffset At);
/// <summary>The SMS provider has been failing a message of this alert since <paramref name="Since"/>; it is still retried.</summary>
public sealed record ProviderUnreachable(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    DateTimeOffset Since, int Attempts, DateTimeOffset At);
public sealed record ContactNotificationFailed(Guid AlertId, Guid ContactId, NotificationChannel Channel, int EscalationStep,
    string Reason, DateTimeOffset At);

/// <summary>A recording made during the alert was sealed by the evidence service: its manifest now proves its chunks.</summary>
/// <param name="ManifestSha256">What the association was told too: an export is checked against it.</param>
/// <param name="Complete">False when chunks after a gap were left out, or the recording was sealed because it went quiet.</param>
public sealed record EvidenceSealedForAlert(Guid AlertId, Guid RecordingId, DateTimeOffset SealedAt, string ManifestSha256, int Chunks,
    bool Complete);

/// <summary>Fixes her phone sent during the alert, sorted by capture time.</summary>
/// <param name="Broadcast">The position to publish to other services, when the broadcast throttle lets one out.</param>
public sealed record LocationsRecorded(Guid AlertId, Guid AssociationId, IReadOnlyList<Position> Fixes, Position? Broadcast,
    DateTimeOffset At);
public sealed record AlertResolved(Guid AlertId, Guid AssociationId, Guid OperatorId, AlertOutcome Outcome, string? Note,
    DateTimeOffset At);
public sealed record AlertCancelled(Guid AlertId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset At);

/// <summary>Her phone was told the alert is cancelled while it goes on: her duress PIN, or a cancel after too many wrong PINs.</summary>
/// <param name="ShownAsCancelled">False when her phone was shown something else than a cancel (a timer checked in or extended
/// with her duress PIN): her reads of the alert then show it as a real one would, not as cancelled.</param>
public sealed record AlertDuressSignalled(Guid AlertId, Guid AssociationId, DuressReason Reason, DateTimeOffset At,
    bool ShownAsCancelled = true);
public sealed record WrongPinEntered(Guid AlertId, Guid AssociationId, DateTimeOffset At);

/// <summary>The alert is escalated, never locked: whoever keeps guessing her PIN may be the person she fears.</summary>
public sealed record WrongPinsExceeded(Guid AlertId, Guid AssociationId, int WrongPins, DateTimeOffset At);

/// <param name="AccuracyMeters">Radius of 68 % confidence, as phones report it.</param>
public sealed record Position(double Latitude, double Longitude, double AccuracyMeters, DateTimeOffset CapturedAt)
{
    /// <summary>How far ahead of the server's clock a capture time is believed (phones' clocks drift a little).</summary>
    public static readonly TimeSpan MaxClockAhead = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The position a press carries, its capture time trusted up to <see cref="MaxClockAhead"/> past its receipt: beyond
    /// that the receipt time stands in (the press itself is never refused for a clock).
    /// </summary>
    public static (Position Position, bool CaptureTimeReplaced) OfPress(double latitude, double longitude, double accuracyMeters,
        DateTimeOffset? capturedAt, DateTimeOffset receivedAt) =>
        capturedAt is { } at && at > receivedAt + MaxClockAhead
            ? (new Position(latitude, longitude, accuracyMeters, receivedAt), true)
            : (new Position(latitude, longitude, accuracyMeters, capturedAt ?? receivedAt), false);
}

public enum AlertStatus
{
    Triggered,
    Resolved,
    Cancelled,
}

public sealed record Resolution(AlertOutcome Outcome, string? Note, Guid OperatorId, DateTimeOffset At);

/// <summary>One alert: the stream is the truth; this is what it adds up to.</summary>
public sealed record Alert(Guid Id, Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    AlertStatus Status, DateTimeOffset TriggeredAt, Position LastKnownLocation, int NotificationsDispatched, int NotificationsFailed)
{
    /// <summary>
    /// The alert's id follows from her press id: the same press retried by the app, or arriving by two paths,
    /// lands on the same stream.
    /// </summary>
    /// <summary>Server time of the last stored batch of fixes: what the ingestion throttle counts from.</summary>
    public DateTimeOffset? LocationsStoredAt { get; init; }

    /// <summary>Capture time of the last position published as a location update; none yet at first.</summary>
    public DateTimeOffset? LastBroadcastCapturedAt { get; init; }

    public Resolution? Resolution { get; init; }

    /// <summary>A duress PIN or too many wrong PINs: the association treats it first. Never shown to her.</summary>
    public bool Duress { get; init; }

    /// <summary>When her phone was told the alert is cancelled while it goes on (duress).</summary>
    public DateTimeOffset? CancelShownAt { get; init; }

    public int WrongPins { get; init; }

    public AlertSource Source { get; init; } = AlertSource.Button;

    public AlertResponse Response { get; init; } = AlertResponse.FullAlert;

    /// <summary>Her press asked her app to record.</summary>
    public bool StartRecording { get; init; }

    public DeviceSnapshot? Device { get; init; }

    /// <summary>The last step number used (the trigger is 1).</summary>
    public int LastStep { get; init; } = 1;

    /// <summary>The last step of the association's plan reached (the trigger is 1).</summary>
    public int PlanStep { get; init; } = 1;

    /// <summary>The association was reached with top priority after a duress.</summary>
    public bool PriorityEscalated { get; init; }

    /// <summary>When the first responder acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>
    /// When an operator of her association took the alert in hand: the plan stops there. A contact's word stops only
    /// what reaches that contact (the abuser may be one of them, a forwarded link anyone's).
    /// </summary>
    public DateTimeOffset? OperatorAcknowledgedAt { get; init; }

    /// <summary>When the alert went to the region's fallback (nobody of her association answered).</summary>
    public DateTimeOffset? UnansweredAt { get; init; }

    /// <summary>Steps that reached the region's fallback: the repeats are bounded once it has the alert.</summary>
    public int RegionFallbackSteps { get; init; }

    /// <summary>Her contacts who said they are coming (each is no longer called).</summary>
    public IReadOnlyList<Guid> ContactsComing { get; init; } = [];

    public IReadOnlyList<Guid> Responders { get; init; } = [];

    public bool WrongPinsExceeded { get; init; }

    /// <summary>SHA-256 of each evidence manifest sealed for this alert: the same manifest joins the timeline once.</summary>
    public IReadOnlyList<string> SealedManifests { get; init; } = [];

    /// <summary>What her own token may see: after a duress, exactly what a real cancel would show.</summary>
    public AlertStatus StatusShownToHer => Status == AlertStatus.Triggered && CancelShownAt is not null ? AlertStatus.Cancelled : Status;

    public static Guid IdFor(Guid associationId, Guid beneficiaryId, string pressId) =>
        Platform.ServiceDefaults.DeterministicIds.From("alert", associationId, beneficiaryId, pressId);
}

/// <summary>How each event changes an alert (apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class AlertEvolution
{
    public static Alert? Evolve(Alert? state, object @event) => (state, @event) switch
    {
        (null, AlertTriggered e) => new Alert(e.AlertId, e.AssociationId, e.BeneficiaryId, e.DeviceId, e.PressPattern,
            AlertStatus.Triggered, e.At, e.Location, 0, 0) { Source = e.Source, Response = e.Response, StartRecording = e.StartRecording, Device = e.Device },
        (not null, EscalationStepReached { Priority: true } e) => state with { LastStep = e.Step, PriorityEscalated = true },
        (not null, EscalationStepReached e) => state with
        {
            LastStep = e.Step,
            PlanStep = e.PlanStep,
            RegionFallbackSteps = state.RegionFallbackSteps + (e.Reach.Any(r => r.Audience == EscalationAudience.RegionFallback) ? 1 : 0),
        },
        (not null, AlertWentUnanswered e) => state with { UnansweredAt = state.UnansweredAt ?? e.At },
        (not null, ResponderAcknowledged e) => state with
        {
            AcknowledgedAt = state.AcknowledgedAt ?? e.At,
            Responders = [.. state.Responders, e.ResponderId],
            OperatorAcknowledgedAt = e.Kind == ResponderKind.OnCallOperator ? state.OperatorAcknowledgedAt ?? e.At : state.OperatorAcknowledgedAt,
            ContactsComing = e.Kind == ResponderKind.Contact ? [.. state.ContactsComing, e.ResponderId] : state.ContactsComing,
        },
        (not null, LocationsRecorded e) => state with
        {
            LastKnownLocation = LocationTrail.Latest(state.LastKnownLocation, e.Fixes),
            LocationsStoredAt = e.At,
            LastBroadcastCapturedAt = e.Broadcast?.CapturedAt ?? state.LastBroadcastCapturedAt,
        },
        (not null, AlertResolved e) => state with
        {
            Status = AlertStatus.Resolved,
            Resolution = new Resolution(e.Outcome, e.Note, e.OperatorId, e.At),
        },
        (not null, AlertCancelled) => state with { Status = AlertStatus.Cancelled },
        (not null, AlertDuressSignalled { ShownAsCancelled: false }) => state with { Duress = true },
        (not null, AlertDuressSignalled e) => state with { Duress = true, CancelShownAt = state.CancelShownAt ?? e.At },
        (not null, WrongPinEntered) => state with { WrongPins = state.WrongPins + 1 },
        (not null, WrongPinsExceeded) => state with { Duress = true, WrongPinsExceeded = true },
        (not null, ContactNotified) => state with { NotificationsDispatched = state.NotificationsDispatched + 1 },
        (not null, ContactNotificationFailed) => state with { NotificationsFailed = state.NotificationsFailed + 1 },
        (not null, EvidenceSealedForAlert e) => state with { SealedManifests = [.. state.SealedManifests, e.ManifestSha256] },
        _ => state,
    };
}

/// <summary>How fixes add up: the trail keeps every one in capture order; "last known" only ever moves forward in time.</summary>
public static class LocationTrail
{
    /// <summary>Every position the stream holds (the trigger's and each fix, late ones included), in capture order.</summary>
    public static IReadOnlyList<Position> Of(IEnumerable<object> history) =>
        // OrderBy is stable: fixes captured at the same instant keep the order they arrived in.
        [.. history.SelectMany(e => e switch
            {
                AlertTriggered triggered => [triggered.Location],
                LocationsRecorded recorded => recorded.Fixes,
                _ => (IEnumerable<Position>)[],
            })
            .OrderBy(fix => fix.CapturedAt)];

    /// <summary>A late fix joins the trail but never replaces a newer position.</summary>
    public static Position Latest(Position lastKnown, IReadOnlyList<Position> fixes) =>
        fixes.Aggregate(lastKnown, (latest, fix) => fix.CapturedAt > latest.CapturedAt ? fix : latest);
}
