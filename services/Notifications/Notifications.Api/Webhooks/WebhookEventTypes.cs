namespace Platform.Notifications.Api.Webhooks;

/// <summary>The event types an association's endpoint can receive; each has a JSON Schema under docs/webhooks/.</summary>
public static class WebhookEventTypes
{
    public const string AlertTriggered = "alert.triggered";
    public const string AlertLocationUpdated = "alert.location_updated";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertEscalated = "alert.escalated";
    /// <summary>To the association only: her app shows a duress as an ordinary cancellation, and nothing else learns of it.</summary>
    public const string AlertDuress = "alert.duress";
    public const string AlertCancelled = "alert.cancelled";
    public const string AlertResolved = "alert.resolved";
    /// <summary>No operator of the association answered (or nobody could be reached): the region's 24/7 fallback has the alert.</summary>
    public const string AlertUnanswered = "alert.unanswered";
    /// <summary>Twilio could not be reached for one of the alert's messages for too long: the association steps in.</summary>
    public const string AlertProviderUnreachable = "alert.provider_unreachable";
    /// <summary>To the association only, outside any alert: her duress PIN confirmed an action, or too many wrong PINs were typed.</summary>
    public const string BeneficiaryDuress = "beneficiary.duress";
    /// <summary>To the association only: her own app added or removed a contact, or changed a number.</summary>
    public const string BeneficiaryProtectionChanged = "beneficiary.protection_changed";
    /// <summary>Nobody will be on call at the association within the next 24 h: told once per gap.</summary>
    public const string RosterGapAhead = "roster.gap_ahead";
    public const string DeviceBatteryLow = "device.battery_low";
    public const string DeviceSilent = "device.silent";
    /// <summary>Her button's Bluetooth link to her phone has been down for 10 minutes: a press may not reach her app.</summary>
    public const string DeviceLinkLost = "device.link_lost";
    /// <summary>
    /// Her app's sessions were revoked: her phone was reported seized, or a refresh token was used twice (someone copied
    /// her phone's session: call her on a safe line).
    /// </summary>
    public const string AppSessionsRevoked = "app.sessions_revoked";
    public const string ContactConsentChanged = "contact.consent_changed";
    public const string EvidenceSealed = "evidence.sealed";
    /// <summary>To the association only: her own app asked to erase her recordings; they go at erasesAt unless held.</summary>
    public const string EvidenceErasureRequested = "evidence.erasure_requested";

    public static readonly IReadOnlyList<string> All =
    [
        AlertTriggered, AlertLocationUpdated, AlertAcknowledged, AlertEscalated, AlertDuress, AlertCancelled, AlertResolved,
        AlertProviderUnreachable, AlertUnanswered, BeneficiaryDuress, BeneficiaryProtectionChanged,
        RosterGapAhead, DeviceBatteryLow, DeviceSilent, DeviceLinkLost, AppSessionsRevoked, ContactConsentChanged, EvidenceSealed, EvidenceErasureRequested,
    ];
}
