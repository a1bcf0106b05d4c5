using Platform.ServiceDefaults;
using Platform.Sms;

namespace Platform.Notifications.Api.Cancelling;

/// <summary>The text each contact receives when she cancels her alert: she is safe, they can stand down.</summary>
public static class SafeSms
{
    /// <summary>In the contact's language, transliterated to GSM-7 so that it stays one SMS.</summary>
    /// <param name="neutralWording">Her choice for contacts who may share a phone: no word of an alert or of safety.</param>
    public static string Compose(string displayName, string language, bool neutralWording = false) =>
        GsmTransliteration.Transliterate((language, neutralWording) switch
        {
            ("en", true) => $"{displayName} is fine now.",
            (_, true) => $"{displayName} va bien maintenant.",
            ("en", false) => $"{displayName} is safe, the alert is over.",
            _ => $"{displayName} est en sécurité, l'alerte est levée.",
        });

    /// <summary>One per (alert, contact): a redelivered cancel never texts a contact twice.</summary>
    public static Guid DispatchIdFor(Guid alertId, Guid contactId) => DeterministicIds.From("safe-sms", alertId, contactId);
}
