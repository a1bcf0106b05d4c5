using Platform.Alerts.Contracts;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Notifications.Api.FallbackBySms;

/// <summary>A press her phone sent by SMS because it had no data.</summary>
public sealed record FallbackPress(string PressId, PressPattern PressPattern, AlertLocation Location);

/// <summary>
/// The compact code her app texts to the platform's number when it has no data (documented in the README):
/// <c>ALRT1 {pressId} {S|D|L} {latitude},{longitude},{accuracyMeters} {capturedAt, Unix seconds}</c>, e.g.
/// <c>ALRT1 p-8f3a21 D 45.77722,3.08703,12 1764180000</c>. The press id is the one the data path would have sent, so both
/// paths land on one alert. One GSM-7 segment, no personal data beyond the position.
/// </summary>
public static partial class SmsFallbackCode
{
    public const string Prefix = "ALRT1";

    /// <summary>How far the capture time may be from now: a code older than this is a replay or a stuck phone, not a press.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    [GeneratedRegex(@"^ALRT1 ([A-Za-z0-9_-]{1,64}) ([SDL]) (-?\d{1,2}(?:\.\d{1,7})?),(-?\d{1,3}(?:\.\d{1,7})?),(\d{1,6}) (\d{9,11})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    /// <summary>Whether the SMS claims to be a fallback code at all (then it is never read as anything else).</summary>
    public static bool LooksLikeOne(string? body) => body?.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) == true;

    /// <returns>The press, or the reason it is refused.</returns>
    public static (FallbackPress? Press, string? Refusal) Parse(string? body, DateTimeOffset now)
    {
        var match = Code().Match(body?.Trim() ?? "");
        if (!match.Success)
        {
            return (null, "malformed");
        }
        var latitude = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        var longitude = double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            return (null, "position-out-of-range");
        }
        var captured = DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture));
        if ((now - captured).Duration() > MaxAge)
        {
            return (null, "stale");
        }
        var pattern = match.Groups[2].Value switch
        {
            "S" => PressPattern.SingleClick,
            "D" => PressPattern.DoubleClick,
            _ => PressPattern.LongPress,
        };
        return (new FallbackPress(match.Groups[1].Value, pattern,
            new AlertLocation(latitude, longitude, int.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture), captured)), null);
    }

    /// <summary>The code for a press, as her app writes it (and as tests do).</summary>
    public static string For(string pressId, PressPattern pattern, AlertLocation at) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} {pressId} {pattern switch { PressPattern.SingleClick => "S", PressPattern.DoubleClick => "D", _ => "L" }} {at.Latitude:0.#######},{at.Longitude:0.#######},{Math.Round(at.AccuracyMeters):0} {at.CapturedAt.ToUnixTimeSeconds()}");
}
