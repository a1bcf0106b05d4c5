using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using System.Globalization;
using System.Security;
using System.Xml;

namespace Platform.Notifications.Api.Calls;

/// <summary>
/// The TwiML an alert call plays: the message, then a key to press to say "I am on my way". Short: where she is goes by
/// SMS, where a link can be opened. Her contacts hear her own words; the wording to them never depends on a duress.
/// </summary>
public static class CallScript
{
    public const string AcknowledgingKey = "1";

    public static string For(DispatchCall command, ContactsCopy? her, Recipient recipient, Uri callbackUrl)
    {
        var drill = command.Source == AlertSource.Drill;
        var spoken = (recipient.Kind, her) switch
        {
            (ResponderKind.OnCallOperator, _) => ToOperator(her?.DisplayName, command.EscalationStep, command.Priority, drill,
                recipient.RegionFallback),
            (_, { } known) => ToContact(known, recipient.Language, drill),
            _ => throw new InvalidOperationException("A contact is only ever found in her contacts copy."),
        };
        var language = Xml(SpokenLanguage(recipient.Language));
        var noKey = recipient.Language == "en" ? "No key was pressed. We will call you again." : "Aucune touche reçue. Nous vous rappellerons.";
        return $"<Response><Gather numDigits=\"1\" action=\"{Xml(callbackUrl.AbsoluteUri)}\" method=\"POST\">" +
               $"<Say language=\"{language}\">{Xml(spoken)}</Say></Gather>" +
               $"<Say language=\"{language}\">{Xml(noKey)}</Say></Response>";
    }

    /// <summary>What a recipient hears once they pressed 1.</summary>
    public static string Thanks(string language) =>
        $"<Response><Say language=\"{Xml(SpokenLanguage(language))}\">" +
        (language == "en" ? "Thank you, your answer is recorded." : "Merci, votre réponse est enregistrée.") + "</Say></Response>";

    public static string ToContact(ContactsCopy her, string language, bool drill)
    {
        var intro = drill ? DrillWording.Spoken(language) : "";
        var words = Sentence(her.AlertMessage);
        return (language, her.NeutralWording) switch
        {
            ("en", true) => $"{intro}{words} A message from {her.DisplayName}. Press 1 to confirm.",
            ("en", false) => $"{intro}{words} {her.DisplayName} needs help. Her position was sent to you by text message. " +
                             "Press 1 to confirm you are coming.",
            (_, true) => $"{intro}{words} Message de {her.DisplayName}. Appuyez sur 1 pour confirmer.",
            (_, false) => $"{intro}{words} {her.DisplayName} a besoin d'aide. Sa position vous a été envoyée par SMS. " +
                           "Appuyez sur 1 pour confirmer que vous intervenez.",
        };
    }

    public static string ToOperator(string? displayName, int step, bool priority, bool drill, bool regionFallback = false)
    {
        return $"{(drill ? DrillWording.Spoken("fr") : "")}{(regionFallback ? "Alerte sans réponse de son association. " : "")}" +
               $"{(priority ? "Alerte prioritaire, contrainte possible. " : "")}{OperatorSms.Whose(displayName)}, " +
               $"étape {step.ToString(CultureInfo.InvariantCulture)}. Sa dernière position vous a été envoyée par SMS. " +
               "Appuyez sur 1 pour confirmer que vous intervenez.";
    }

    /// <summary>
    /// Text made safe inside TwiML: markup characters escaped, and characters XML cannot carry at all (control
    /// characters pasted into her message) dropped, since one of them makes Twilio refuse the whole call.
    /// </summary>
    public static string Xml(string text) =>
        SecurityElement.Escape(string.Concat(text.EnumerateRunes().Where(rune => !rune.IsBmp || XmlConvert.IsXmlChar((char)rune.Value))));

    private static string SpokenLanguage(string language) => language == "en" ? "en-GB" : "fr-FR";

    // Her words run straight into ours otherwise: the voice needs the full stop to pause.
    private static string Sentence(string words)
    {
        var trimmed = words.Trim();
        return trimmed.Length == 0 || ".!?".Contains(trimmed[^1], StringComparison.Ordinal) ? trimmed : trimmed + ".";
    }
}
