using Platform.Alerts.Contracts;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Notifications.Api.FallbackBySms;

/// <summary>A press her phone sent by SMS because it had no data, with what proves it came from her app.</summary>
/// <param name="Counter">Her app's count of codes written under its key: each is accepted once.</param>
/// <param name="SignedText">The code's text before its MAC: what the MAC is computed over.</param>
public sealed record FallbackPress(string PressId, PressPattern PressPattern, AlertLocation Location, long Counter = 0, string Mac = "",
    string SignedText = "");

/// <summary>
/// The compact code her app texts to the platform's number when it has no data (documented in the README):
/// <c>K1 {pressId} {S|D|L} {latitude},{longitude},{accuracyMeters} {capturedAt, Unix seconds} {counter} {mac}</c>, e.g.
/// <c>K1 p-8f3a21 D 45.77722,3.08703,12 1764180000 17 Zk3v9QyT0bN2xW8a</c>. The MAC is HMAC-SHA-256, under the key her
/// app received at enrolment, of everything before it; its first 12 bytes in base64url (16 characters). The press id is
/// the one the data path would have sent, so both paths land on one alert. One GSM-7 segment, nothing in it says "alert"
/// (it stays in her sent messages), no personal data beyond the position.
/// </summary>
public static partial class SmsFallbackCode
{
    public const string Prefix = "K1";

    /// <summary>The first, unsigned version: still read as a code (never as a reply), always refused.</summary>
    public const string UnsignedPrefix = "ALRT1";

    public const int MacBytes = 12;

    /// <summary>How far the capture time may be from now: a code older than this is a replay or a stuck phone, not a press.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    [GeneratedRegex(@"^(K1 ([A-Za-z0-9_-]{1,64}) ([SDL]) (-?\d{1,2}(?:\.\d{1,7})?),(-?\d{1,3}(?:\.\d{1,7})?),(\d{1,6}) (\d{9,11}) (\d{1,10})) ([A-Za-z0-9_-]{16})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Code();

    /// <summary>Whether the SMS claims to be a fallback code at all (then it is never read as anything else).</summary>
    public static bool LooksLikeOne(string? body) =>
        body?.TrimStart() is { } text && (text.StartsWith(UnsignedPrefix, StringComparison.OrdinalIgnoreCase)
            || text.StartsWith(Prefix + " ", StringComparison.OrdinalIgnoreCase));

    /// <returns>The press (its MAC not checked yet: see <see cref="IsSignedBy"/>), or the reason it is refused.</returns>
    public static (FallbackPress? Press, string? Refusal) Parse(string? body, DateTimeOffset now)
    {
        var text = body?.Trim() ?? "";
        if (text.StartsWith(UnsignedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            // Caller ID alone proved nothing: a spoofed sender could raise an alert at a position of its choosing.
            return (null, "unsigned");
        }
        var match = Code().Match(text);
        if (!match.Success)
        {
            return (null, "malformed");
        }
        var latitude = double.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture);
        var longitude = double.Parse(match.Groups[5].Value, CultureInfo.InvariantCulture);
        if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            return (null, "position-out-of-range");
        }
        var captured = DateTimeOffset.FromUnixTimeSeconds(long.Parse(match.Groups[7].Value, CultureInfo.InvariantCulture));
        if ((now - captured).Duration() > MaxAge)
        {
            return (null, "stale");
        }
        var pattern = match.Groups[3].Value switch
        {
            "S" => PressPattern.SingleClick,
            "D" => PressPattern.DoubleClick,
            _ => PressPattern.LongPress,
        };
        return (new FallbackPress(match.Groups[2].Value, pattern,
            new AlertLocation(latitude, longitude, int.Parse(match.Groups[6].Value, CultureInfo.InvariantCulture), captured),
            long.Parse(match.Groups[8].Value, CultureInfo.InvariantCulture), match.Groups[9].Value, match.Groups[1].Value), null);
    }

    /// <summary>Whether the code's MAC was made with her key (compared in constant time).</summary>
    public static bool IsSignedBy(FallbackPress press, byte[] key)
    {
        var expected = Encoding.ASCII.GetBytes(Mac(press.SignedText, key));
        var given = Encoding.ASCII.GetBytes(press.Mac);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The code for a press, as her app writes it (and as tests do).</summary>
    public static string For(string pressId, PressPattern pattern, AlertLocation at, byte[] key, long counter)
    {
        var signed = string.Create(CultureInfo.InvariantCulture,
            $"{Prefix} {pressId} {pattern switch { PressPattern.SingleClick => "S", PressPattern.DoubleClick => "D", _ => "L" }} {at.Latitude:0.#######},{at.Longitude:0.#######},{Math.Round(at.AccuracyMeters):0} {at.CapturedAt.ToUnixTimeSeconds()} {counter}");
        return $"{signed} {Mac(signed, key)}";
    }

    private static string Mac(string signedText, byte[] key) =>
        System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signedText)).AsSpan(0, MacBytes));
}
