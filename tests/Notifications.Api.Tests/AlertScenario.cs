using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;

namespace Platform.Notifications.Api.Tests;

/// <summary>One woman, her association and her contacts, as the other services would publish them.</summary>
internal sealed record AlertScenario(Guid Association, Guid Beneficiary, Guid AlertId)
{
    public const string HerMessage = "Je suis en danger, venez vite.";
    public static readonly AlertLocation Paris = new(48.856614, 2.3522219, 20, DateTimeOffset.UtcNow);

    public static AlertScenario New() => new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

    public static EmergencyContact Contact(int tier, string name = "Sophie", string language = "fr") =>
        new(Guid.CreateVersion7(), name, NotificationsHost.RandomPhone(), tier, language, ContactConsent.Confirmed);

    public static RosterMember Operator(string name, WeeklyShift shift) => new(Guid.CreateVersion7(), name, NotificationsHost.RandomPhone(), [shift]);

    public ContactsChanged Contacts(params EmergencyContact[] contacts) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Association, Beneficiary, 1, "Camille", "fr", HerMessage, contacts);

    public RosterChanged Roster(params RosterMember[] members) => new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Association, 1, members);

    public AlertTriggered Triggered(AlertSource source = AlertSource.Button, AlertResponse response = AlertResponse.FullAlert) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Association, AlertId, Beneficiary, Guid.CreateVersion7(), PressPattern.DoubleClick,
            Paris, source, response);

    public AlertEscalated Escalated(int step, bool priority = false, AlertSource source = AlertSource.Button, params EscalationReach[] reach) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Association, AlertId, Beneficiary, step, reach, priority, source, Paris);

    public AlertAcknowledged Acknowledged(Guid responder, ResponderKind kind = ResponderKind.Contact) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, Association, AlertId, responder, kind);

    public static readonly EscalationReach FirstTierBySms = new(EscalationAudience.FirstTier, EscalationChannel.Sms);
    public static readonly EscalationReach FirstTierByVoice = new(EscalationAudience.FirstTier, EscalationChannel.Voice);
    public static readonly EscalationReach OnCallBySms = new(EscalationAudience.OnCall, EscalationChannel.Sms);
    public static readonly EscalationReach OnCallByVoice = new(EscalationAudience.OnCall, EscalationChannel.Voice);
}
