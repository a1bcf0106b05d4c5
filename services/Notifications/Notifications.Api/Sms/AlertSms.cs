using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Sms;
using System.Globalization;

namespace Platform.Notifications.Api.Sms;

/// <summary>
/// The text a contact receives: her own words first, then who and where, then the link to her alert page, in the contact's
/// language. Laid out by <see cref="AlertSmsLayout"/>, the same definition the contacts service limits her message with.
/// Operators read <see cref="OperatorSms"/>; a drill or a "call me with an excuse" press changes the wording here.
/// </summary>
public static class AlertSms
{
    public static string Compose(ContactsCopy beneficiary, EmergencyContact contact, AlertLocation location, string pageLink) =>
        AlertSmsLayout.Compose(beneficiary.AlertMessage, beneficiary.DisplayName, contact.Language, location.Latitude,
            location.Longitude, location.AccuracyMeters, pageLink, beneficiary.NeutralWording);

    /// <summary>
    /// The text one recipient of a dispatch receives. Her contacts' wording never depends on <see cref="DispatchSms.Priority"/>:
    /// a contact's phone may be read by the person who forced her hand.
    /// </summary>
    /// <param name="her">Her contacts copy; null only when it is unknown and the recipient is an operator.</param>
    /// <param name="pageLink">The contact's link to her alert page; null where the text carries none (operators, an excuse).</param>
    public static string For(DispatchSms command, ContactsCopy? her, Recipient recipient, string? pageLink) => (recipient.Kind, her) switch
    {
        (ResponderKind.OnCallOperator, _) => OperatorSms.Compose(her?.DisplayName, command.EscalationStep, command.Location,
            command.Priority, command.Source == AlertSource.Drill, recipient.RegionFallback),
        (_, { } known) => ToContact(known, recipient.Language, command.Location, command.Source, command.Response, pageLink),
        _ => throw new InvalidOperationException("A contact is only ever found in her contacts copy."),
    };

    /// <param name="pageLink">Required for an alert; an excuse carries no link (nothing in it may read as an alert).</param>
    public static string ToContact(ContactsCopy her, string language, AlertLocation location, AlertSource source, AlertResponse response,
        string? pageLink)
    {
        var drill = source == AlertSource.Drill;
        if (response == AlertResponse.CallMeWithAnExcuse)
        {
            return ExcuseSms.Compose(her.DisplayName, language, her.NeutralWording, drill);
        }
        ArgumentNullException.ThrowIfNull(pageLink);
        return drill ? Drill(her, language, location, pageLink) : AlertSmsLayout.Compose(her.AlertMessage, her.DisplayName, language,
            location.Latitude, location.Longitude, location.AccuracyMeters, pageLink, her.NeutralWording);
    }

    /// <summary>A plain map link any phone opens, with no app and no account.</summary>
    public static string MapLink(AlertLocation location) => AlertSmsLayout.MapLink(location.Latitude, location.Longitude);

    /// <summary>
    /// The alert SMS between the test marker and the request to answer, within <see cref="AlertSmsLayout.MaxSegments"/>: her
    /// message was limited for the plain layout, so here her words give way (ending "..."), never the position or the link.
    /// </summary>
    private static string Drill(ContactsCopy her, string language, AlertLocation location, string pageLink) =>
        AlertSmsLayout.FitWithin(her.AlertMessage, message => DrillWording.Prefix(language)
            + AlertSmsLayout.Compose(message, her.DisplayName, language, location.Latitude, location.Longitude, location.AccuracyMeters,
                pageLink, her.NeutralWording)
            + "\n" + DrillWording.ReplyRequest(language));
}

/// <summary>
/// Her "call me with an excuse" press: a discreet request to her closest contacts, nothing that reads as an alert (no
/// position, no word of danger), since whoever she wants to leave may see the contact's phone or hear the call.
/// </summary>
public static class ExcuseSms
{
    public static string Compose(string displayName, string language, bool neutralWording, bool drill) =>
        GsmTransliteration.Transliterate((drill ? DrillWording.Prefix(language) : "") + (language, neutralWording) switch
        {
            ("en", true) => $"{displayName} would like you to call her now.",
            ("en", false) => $"{displayName} would like you to call her now, with an excuse so she can leave.",
            (_, true) => $"{displayName} aimerait que tu l'appelles maintenant.",
            (_, false) => $"{displayName} aimerait que tu l'appelles maintenant, avec une excuse pour qu'elle puisse partir.",
        });
}

/// <summary>
/// What an on-call operator reads: short, whose alert, which step, her last position. A duress comes first, marked, so the
/// operator treats it before anything else.
/// </summary>
public static class OperatorSms
{
    public const string PriorityMarker = "PRIORITAIRE - contrainte possible : ";

    /// <summary>What the region's fallback reads first: it is the last resort, the association did not answer.</summary>
    public const string UnansweredMarker = "SANS REPONSE de son association - ";

    /// <param name="displayName">Her name, or null when this service does not know her yet (the alert must still go out).</param>
    /// <param name="regionFallback">The reader is on the region's fallback roster, not on her association's.</param>
    public static string Compose(string? displayName, int step, AlertLocation location, bool priority, bool drill,
        bool regionFallback = false)
    {
        var accuracy = Math.Round(location.AccuracyMeters).ToString(CultureInfo.InvariantCulture);
        var text = $"{(drill ? DrillWording.Prefix("fr") : "")}{(regionFallback ? UnansweredMarker : "")}" +
                   $"{(priority ? PriorityMarker : "")}{Whose(displayName)}. " +
                   $"Étape {step.ToString(CultureInfo.InvariantCulture)}. Dernière position (précision {accuracy} m) : {AlertSms.MapLink(location)}\n" +
                   (drill ? DrillWording.ReplyRequest("fr") : "Répondez OK si vous intervenez.");
        return GsmTransliteration.Transliterate(text);
    }

    /// <summary>Whose alert it is, said alike in the operator's SMS and call.</summary>
    public static string Whose(string? displayName) =>
        displayName is null ? "Alerte d'une bénéficiaire de l'association" : $"Alerte de {displayName}, bénéficiaire de l'association";

    /// <summary>After the first acknowledgement: the association stays informed of who is on the way.</summary>
    public static string Acknowledged(string? displayName, string responderName, ResponderKind responderKind, bool drill)
    {
        var who = responderKind == ResponderKind.OnCallOperator ? $"{responderName} (permanence)" : $"{responderName} (contact)";
        var whose = displayName is null ? "l'alerte d'une bénéficiaire" : $"l'alerte de {displayName}";
        return GsmTransliteration.Transliterate($"{(drill ? DrillWording.Prefix("fr") : "")}{who} a confirmé intervenir pour {whose}.");
    }
}
