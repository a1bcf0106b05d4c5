using System.Text.Json;
using System.Text.Json.Serialization;
using AlertEvents = Platform.Alerts.Contracts;
using ContactEvents = Platform.Contacts.Contracts;
using DeviceEvents = Platform.Devices.Contracts;
using EvidenceEvents = Platform.Evidence.Contracts;
using NotificationEvents = Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// An event as an association's systems receive it: ids, times and positions, never a PIN, a phone number, a name or a
/// recording. Its body is the Standard Webhooks envelope: <c>{"type", "timestamp", "version", "data"}</c>.
/// </summary>
public sealed record WebhookEvent(Guid EventId, Guid AssociationId, string Type, DateTimeOffset Timestamp, object Data)
{
    /// <summary>Raised when a payload changes incompatibly; receivers branch on it.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Body() => JsonSerializer.Serialize(new Envelope(Type, Timestamp, Version, Data), Json);

    private sealed record Envelope(string Type, DateTimeOffset Timestamp, int Version, object Data);
}

public sealed record WebhookLocation(double Latitude, double Longitude, double AccuracyMeters, DateTimeOffset CapturedAt)
{
    public static WebhookLocation From(AlertEvents.AlertLocation at) => new(at.Latitude, at.Longitude, at.AccuracyMeters, at.CapturedAt);
}

public sealed record AlertTriggeredData(Guid AlertId, Guid BeneficiaryId, Guid DeviceId, AlertEvents.PressPattern PressPattern,
    AlertEvents.AlertSource Source, AlertEvents.AlertResponse Response, WebhookLocation Location, DateTimeOffset TriggeredAt);

public sealed record AlertLocationUpdatedData(Guid AlertId, WebhookLocation Location);

public sealed record AlertAcknowledgedData(Guid AlertId, Guid ResponderId, AlertEvents.ResponderKind ResponderKind, DateTimeOffset AcknowledgedAt);

public sealed record EscalationReachData(AlertEvents.EscalationAudience Audience, AlertEvents.EscalationChannel Channel);

/// <param name="Source">A drill's escalation is a drill too: the association's on-call tools must not page anyone for real.</param>
public sealed record AlertEscalatedData(Guid AlertId, int Step, bool Priority, IReadOnlyList<EscalationReachData> Reach,
    WebhookLocation LastKnownLocation, AlertEvents.AlertSource Source);

/// <param name="Reason">Why: no operator answered after the whole chain, or nobody at all could be reached at the press.</param>
/// <param name="Source">A drill's is a drill too: the region was not woken for it.</param>
public sealed record AlertUnansweredData(Guid AlertId, AlertEvents.UnansweredReason Reason, WebhookLocation LastKnownLocation,
    DateTimeOffset UnansweredAt, AlertEvents.AlertSource Source);

public sealed record AlertDuressData(Guid AlertId, AlertEvents.DuressReason Reason, DateTimeOffset RaisedAt);

/// <param name="Action">What her PIN was typed for, the last time.</param>
public sealed record BeneficiaryDuressData(Guid BeneficiaryId, AlertEvents.DuressReason Reason, AlertEvents.PinAction Action,
    DateTimeOffset RaisedAt);

/// <param name="ContactId">The contact concerned; absent when her own number changed.</param>
public sealed record BeneficiaryProtectionChangedData(Guid BeneficiaryId, ContactEvents.ProtectionChange Change, Guid? ContactId,
    DateTimeOffset ChangedAt);

public sealed record AlertCancelledData(Guid AlertId, DateTimeOffset CancelledAt);

public sealed record AlertResolvedData(Guid AlertId, AlertEvents.AlertOutcome Outcome, Guid ResolvedBy, DateTimeOffset ResolvedAt);

/// <param name="RecipientId">The contact (or on-call operator) the message was for.</param>
public sealed record AlertProviderUnreachableData(Guid AlertId, Guid RecipientId, NotificationEvents.NotificationChannel Channel,
    int EscalationStep, DateTimeOffset UnreachableSince, int Attempts);

/// <param name="From">When nobody is on call any more (the time it was seen, for a gap already open).</param>
public sealed record RosterGapAheadData(DateTimeOffset From, DateTimeOffset To, string TimeZone);

public sealed record DeviceBatteryLowData(Guid DeviceId, Guid? BeneficiaryId, int ButtonBatteryPercent, int? PhoneBatteryPercent);

public sealed record DeviceSilentData(Guid DeviceId, Guid? BeneficiaryId, DateTimeOffset LastContactAt);

public sealed record DeviceLinkLostData(Guid DeviceId, Guid BeneficiaryId, DateTimeOffset UnlinkedSince);

/// <param name="Reason">phoneSeized (her association said so) or refreshTokenReused (a copy of her phone's session was used).</param>
public sealed record AppSessionsRevokedData(Guid BeneficiaryId, Platform.Identity.Contracts.AppSessionsRevokedReason Reason, int SessionsRevoked);

public sealed record ContactConsentChangedData(Guid BeneficiaryId, Guid ContactId, ContactEvents.ContactConsent Consent);

/// <summary>
/// What the association needs to hold the platform to a recording later: which manifest was sealed, under which key, and
/// whether it proves the whole recording. The audio and the manifest itself stay in the platform.
/// </summary>
/// <param name="Complete">False when chunks after a gap were left out, or it was sealed because it went quiet.</param>
/// <param name="SigningKeyId">The key that signed the manifest: what an offline verifier checks the signature with.</param>
public sealed record EvidenceSealedData(Guid AlertId, Guid RecordingId, string ManifestSha256, DateTimeOffset SealedAt, int Chunks,
    long Bytes, bool Complete, string SigningKeyId);

/// <param name="ErasesAt">When her recordings go unless a legal hold is placed before.</param>
public sealed record EvidenceErasureRequestedData(Guid BeneficiaryId, Guid ErasureId, DateTimeOffset RequestedAt, DateTimeOffset ErasesAt);

/// <summary>Integration events, as the association's endpoints receive them.</summary>
public static class WebhookPayloads
{
    public static WebhookEvent From(AlertEvents.AlertTriggered e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertTriggered,
        e.OccurredAt, new AlertTriggeredData(e.AlertId, e.BeneficiaryId, e.DeviceId, e.PressPattern, e.Source, e.Response,
            WebhookLocation.From(e.Location), e.OccurredAt));

    public static WebhookEvent From(AlertEvents.AlertLocationUpdated e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.AlertLocationUpdated, e.OccurredAt, new AlertLocationUpdatedData(e.AlertId, WebhookLocation.From(e.Location)));

    public static WebhookEvent From(AlertEvents.AlertAcknowledged e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertAcknowledged,
        e.OccurredAt, new AlertAcknowledgedData(e.AlertId, e.ResponderId, e.ResponderKind, e.OccurredAt));

    public static WebhookEvent From(AlertEvents.AlertEscalated e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertEscalated,
        e.OccurredAt, new AlertEscalatedData(e.AlertId, e.Step, e.Priority,
            [.. e.Reach.Select(reach => new EscalationReachData(reach.Audience, reach.Channel))], WebhookLocation.From(e.LastKnownLocation),
            e.Source));

    public static WebhookEvent From(AlertEvents.AlertUnanswered e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertUnanswered,
        e.OccurredAt, new AlertUnansweredData(e.AlertId, e.Reason, WebhookLocation.From(e.LastKnownLocation), e.OccurredAt,
            e.Source));

    public static WebhookEvent From(AlertEvents.AlertDuressRaised e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertDuress,
        e.OccurredAt, new AlertDuressData(e.AlertId, e.Reason, e.OccurredAt));

    public static WebhookEvent From(AlertEvents.BeneficiaryDuressRaised e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.BeneficiaryDuress, e.OccurredAt, new BeneficiaryDuressData(e.BeneficiaryId, e.Reason, e.Action, e.OccurredAt));

    public static WebhookEvent From(ContactEvents.HerProtectionChanged e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.BeneficiaryProtectionChanged, e.OccurredAt,
        new BeneficiaryProtectionChangedData(e.BeneficiaryId, e.Change, e.ContactId, e.OccurredAt));

    public static WebhookEvent From(AlertEvents.AlertCancelled e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertCancelled,
        e.OccurredAt, new AlertCancelledData(e.AlertId, e.OccurredAt));

    public static WebhookEvent From(AlertEvents.AlertResolved e) => new(e.EventId, e.AssociationId, WebhookEventTypes.AlertResolved,
        e.OccurredAt, new AlertResolvedData(e.AlertId, e.Outcome, e.ResolvedBy, e.OccurredAt));

    public static WebhookEvent From(NotificationEvents.NotificationProviderUnreachable e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.AlertProviderUnreachable, e.OccurredAt,
        new AlertProviderUnreachableData(e.AlertId, e.ContactId, e.Channel, e.EscalationStep, e.Since, e.Attempts));

    public static WebhookEvent From(ContactEvents.RosterGapAhead e) => new(e.EventId, e.AssociationId, WebhookEventTypes.RosterGapAhead,
        e.OccurredAt, new RosterGapAheadData(e.From, e.To, e.TimeZone));

    public static WebhookEvent From(DeviceEvents.DeviceBatteryLow e) => new(e.EventId, e.AssociationId, WebhookEventTypes.DeviceBatteryLow,
        e.OccurredAt, new DeviceBatteryLowData(e.DeviceId, e.BeneficiaryId, e.ButtonBatteryPercent, e.PhoneBatteryPercent));

    public static WebhookEvent From(DeviceEvents.DeviceWentSilent e) => new(e.EventId, e.AssociationId, WebhookEventTypes.DeviceSilent,
        e.OccurredAt, new DeviceSilentData(e.DeviceId, e.BeneficiaryId, e.LastContactAt));

    public static WebhookEvent From(DeviceEvents.DeviceLinkLost e) => new(e.EventId, e.AssociationId, WebhookEventTypes.DeviceLinkLost,
        e.OccurredAt, new DeviceLinkLostData(e.DeviceId, e.BeneficiaryId, e.UnlinkedSince));

    public static WebhookEvent From(Platform.Identity.Contracts.AppSessionsRevoked e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.AppSessionsRevoked, e.OccurredAt, new AppSessionsRevokedData(e.BeneficiaryId, e.Reason, e.SessionsRevoked));

    public static WebhookEvent From(ContactEvents.ContactConsentChanged e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.ContactConsentChanged, e.OccurredAt, new ContactConsentChangedData(e.BeneficiaryId, e.ContactId, e.Consent));

    public static WebhookEvent From(EvidenceEvents.EvidenceErasureRequested e) => new(e.EventId, e.AssociationId,
        WebhookEventTypes.EvidenceErasureRequested, e.OccurredAt,
        new EvidenceErasureRequestedData(e.BeneficiaryId, e.ErasureId, e.OccurredAt, e.ErasesAt));

    public static WebhookEvent From(EvidenceEvents.EvidenceSealed e) => new(e.EventId, e.AssociationId, WebhookEventTypes.EvidenceSealed,
        e.OccurredAt, new EvidenceSealedData(e.AlertId, e.RecordingId, e.ManifestSha256, e.SealedAt, e.Chunks, e.Bytes, e.Complete,
            e.SigningKeyId));
}
