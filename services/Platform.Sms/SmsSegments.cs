namespace Platform.Sms;

public enum SmsEncoding
{
    /// <summary>The GSM 03.38 alphabet, 7 bits a character; the extension table's characters take two.</summary>
    Gsm7,
    /// <summary>Any character outside GSM-7 makes the whole SMS UCS-2 (UTF-16 code units).</summary>
    Ucs2,
}

/// <param name="Units">Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes.</param>
/// <param name="Segments">SMS a phone receives for it.</param>
public sealed record SmsLength(SmsEncoding Encoding, int Units, int Segments);

/// <summary>How many SMS a text costs, counted the way phone networks split it.</summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7PerSegment = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2PerSegment = 67;

    // GSM 03.38 basic table (0x1B, the escape, excluded) and the extension table reached through it.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static SmsEncoding EncodingOf(string text) => text.All(IsGsm7) ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;

    /// <summary>Whether the character is in the GSM 03.38 basic or extension table.</summary>
    public static bool IsGsm7(char c) => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal);

    /// <summary>The characters that force UCS-2, each once, in order of appearance.</summary>
    public static IReadOnlyList<string> OutsideGsm7(string text) =>
        [.. text.EnumerateRunes().Select(rune => rune.ToString())
            .Where(c => !c.All(IsGsm7))
            .Distinct(StringComparer.Ordinal)];

    public static SmsLength Measure(string text)
    {
        var encoding = EncodingOf(text);
        var units = Units(text, encoding).Sum();
        var (single, perSegment) = Limits(encoding);
        var segments = units == 0 ? 1 : units <= single ? 1 : Pack(text, encoding, perSegment).Segments;
        return new SmsLength(encoding, units, segments);
    }

    /// <summary>
    /// Units still free within <paramref name="maxSegments"/> SMS (negative: how many too many), in the text's own
    /// encoding. Concatenated SMS never split an extension character or a surrogate pair, so a split can waste a unit.
    /// </summary>
    public static int RoomLeft(string text, int maxSegments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        var encoding = EncodingOf(text);
        var (single, perSegment) = Limits(encoding);
        var units = Units(text, encoding).Sum();
        if (maxSegments == 1)
        {
            return single - units;
        }
        var (segments, usedInLast) = Pack(text, encoding, perSegment);
        var consumed = ((segments - 1) * perSegment) + usedInLast;
        return (maxSegments * perSegment) - consumed;
    }

    private static (int Single, int PerSegment) Limits(SmsEncoding encoding) =>
        encoding == SmsEncoding.Gsm7 ? (Gsm7Single, Gsm7PerSegment) : (Ucs2Single, Ucs2PerSegment);

    /// <summary>The units of each unsplittable piece: a character (two for an extension one) or a surrogate pair.</summary>
    private static IEnumerable<int> Units(string text, SmsEncoding encoding)
    {
        if (encoding == SmsEncoding.Ucs2)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                yield return rune.Utf16SequenceLength;
            }
            yield break;
        }
        foreach (var c in text)
        {
            yield return Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1;
        }
    }

    private static (int Segments, int UsedInLast) Pack(string text, SmsEncoding encoding, int perSegment)
    {
        var (segments, used) = (1, 0);
        foreach (var size in Units(text, encoding))
        {
            if (used + size > perSegment)
            {
                (segments, used) = (segments + 1, size);
            }
            else
            {
                used += size;
            }
        }
        return (segments, used);
    }
}
