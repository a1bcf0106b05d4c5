using System.Globalization;

namespace Platform.Sms;

/// <summary>
/// The one definition of the alert SMS a contact receives: her own words first, then the line the platform adds (who,
/// how precise, where), then the link to her alert page, in the contact's language. The notifications service sends
/// <see cref="Compose"/>; the contacts service limits her message with <see cref="RoomLeft(string, string)"/>, so what is
/// sent is what was counted.
/// </summary>
public static class AlertSmsLayout
{
    /// <summary>A third part may arrive late or out of order on a contact's phone.</summary>
    public const int MaxSegments = 2;

    /// <summary>
    /// The room kept for the alert page's link (public address, "/a/", token). The contacts service does not know the
    /// notifications service's public address, so both count this much; notifications refuses to start with a longer link.
    /// </summary>
    public const int MaxPageLinkLength = 60;

    /// <summary>Ends her message when it had to be shortened to fit (one written under an older, longer limit).</summary>
    public const string Ellipsis = "...";

    /// <summary>The languages the added line is written in; any other reads French.</summary>
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    // The longest values the Alerts service accepts: an accuracy up to 100 000 m (six digits once rounded), a latitude
    // within ±90 and a longitude within ±180, negative, printed with 5 decimals.
    private const double WorstCaseAccuracyMeters = 100_000;
    private const double WorstCaseLatitude = -89.12345;
    private const double WorstCaseLongitude = -179.12345;
    private static readonly string WorstCasePageLink = new('x', MaxPageLinkLength);

    /// <summary>
    /// The text sent, already transliterated to GSM-7 where a character has a GSM-7 form, within <see cref="MaxSegments"/>:
    /// a message saved under an older, longer limit is shortened (ending "..."), never the position or the link.
    /// </summary>
    /// <param name="pageLink">Her alert page for this contact, at most <see cref="MaxPageLinkLength"/> characters.</param>
    /// <param name="neutralWording">
    /// Her choice for contacts who may share a phone with others: the added line then says only who and where, never
    /// that she needs help (always shorter, so the limit computed for the plain wording still holds).
    /// </param>
    public static string Compose(string alertMessage, string displayName, string language, double latitude, double longitude,
        double accuracyMeters, string pageLink, bool neutralWording = false) =>
        FitWithin(alertMessage, message => Layout(message, displayName, language, latitude, longitude, accuracyMeters, pageLink,
            neutralWording));

    /// <summary>
    /// The text <paramref name="layout"/> makes of her message, with her message shortened (whole characters as a reader
    /// sees them, never half an emoji, then "...") until it fits in <see cref="MaxSegments"/> SMS.
    /// </summary>
    public static string FitWithin(string alertMessage, Func<string, string> layout)
    {
        var text = layout(alertMessage);
        if (SmsSegments.RoomLeft(text, MaxSegments) >= 0)
        {
            return text;
        }
        var elements = new List<string>();
        var characters = StringInfo.GetTextElementEnumerator(alertMessage);
        while (characters.MoveNext())
        {
            elements.Add(characters.GetTextElement());
        }
        for (var kept = elements.Count - 1; kept >= 0 && SmsSegments.RoomLeft(text, MaxSegments) < 0; kept--)
        {
            text = layout(string.Concat(elements.Take(kept)).TrimEnd() + Ellipsis);
        }
        return text;
    }

    /// <summary>A plain map link any phone opens, with no app and no account.</summary>
    public static string MapLink(double latitude, double longitude)
    {
        var lat = latitude.ToString("F5", CultureInfo.InvariantCulture);
        var lon = longitude.ToString("F5", CultureInfo.InvariantCulture);
        return $"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}";
    }

    /// <summary>The platform's line at its longest (widest accuracy, longest coordinates), transliterated.</summary>
    public static string WorstCaseAddedLine(string displayName, string language) =>
        GsmTransliteration.Transliterate(AddedLine(displayName, language, WorstCaseLatitude, WorstCaseLongitude, WorstCaseAccuracyMeters));

    /// <summary>
    /// The longest alert SMS her message can produce for a contact reading <paramref name="language"/>: widest position,
    /// longest page link, and her message as written (never shortened, so <see cref="RoomLeft(string, string, string)"/>
    /// can say how much is over).
    /// </summary>
    public static string ComposeWorstCase(string alertMessage, string displayName, string language) =>
        Layout(alertMessage, displayName, language, WorstCaseLatitude, WorstCaseLongitude, WorstCaseAccuracyMeters, WorstCasePageLink,
            neutralWording: false);

    /// <summary>
    /// Characters her message may still grow by (negative: how many to remove), counted after transliteration in the
    /// SMS's encoding, for a contact reading <paramref name="language"/>.
    /// </summary>
    public static int RoomLeft(string alertMessage, string displayName, string language) =>
        SmsSegments.RoomLeft(ComposeWorstCase(alertMessage, displayName, language), MaxSegments);

    /// <summary>Room left whatever language her contacts read: each contact chooses it, and may change it later.</summary>
    public static int RoomLeft(string alertMessage, string displayName) =>
        Languages.Min(language => RoomLeft(alertMessage, displayName, language));

    private static string Layout(string alertMessage, string displayName, string language, double latitude, double longitude,
        double accuracyMeters, string pageLink, bool neutralWording) =>
        GsmTransliteration.Transliterate(neutralWording
            ? $"{alertMessage}\n{displayName} - {MapLink(latitude, longitude)}\n{pageLink}"
            : $"{alertMessage}\n{AddedLine(displayName, language, latitude, longitude, accuracyMeters)}\n{PageLine(language, pageLink)}");

    private static string AddedLine(string displayName, string language, double latitude, double longitude, double accuracyMeters)
    {
        var link = MapLink(latitude, longitude);
        var accuracy = Math.Round(accuracyMeters).ToString(CultureInfo.InvariantCulture);
        return language == "en"
            ? $"{displayName} needs help. Position (accuracy {accuracy} m): {link}"
            : $"{displayName} a besoin d'aide. Position (précision {accuracy} m) : {link}";
    }

    // Short on purpose: every character here is one fewer for her own words. The page says the rest (live position,
    // "I'm on my way").
    private static string PageLine(string language, string pageLink) =>
        language == "en" ? $"Live: {pageLink}" : $"En direct : {pageLink}";
}
