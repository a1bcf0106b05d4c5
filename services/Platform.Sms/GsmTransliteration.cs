using System.Collections.Frozen;
using System.Text;

namespace Platform.Sms;

/// <summary>
/// Replaces characters outside the GSM-7 alphabet by their closest GSM-7 form before an SMS is sent (what Twilio calls
/// Smart Encoding): one "ç" or "’" would make the whole SMS UCS-2, at 67 instead of 153 characters per part.
/// Characters with no sensible GSM-7 form (emoji, other scripts) are kept: the SMS is then UCS-2, and counted so.
/// </summary>
public static class GsmTransliteration
{
    // Only characters outside GSM 03.38: é è ù ì ò à ä ö ü ñ Ç É Ä Ö Ñ Ü Å å Ø ø Æ æ ß are in it and stay as they are.
    private static readonly FrozenDictionary<char, string> Closest = new Dictionary<char, string>
    {
        ['á'] = "a", ['â'] = "a", ['ã'] = "a", ['À'] = "A", ['Á'] = "A", ['Â'] = "A", ['Ã'] = "A",
        ['ç'] = "c",
        ['ê'] = "e", ['ë'] = "e", ['È'] = "E", ['Ê'] = "E", ['Ë'] = "E",
        ['í'] = "i", ['î'] = "i", ['ï'] = "i", ['Ì'] = "I", ['Í'] = "I", ['Î'] = "I", ['Ï'] = "I",
        ['ó'] = "o", ['ô'] = "o", ['õ'] = "o", ['Ò'] = "O", ['Ó'] = "O", ['Ô'] = "O", ['Õ'] = "O",
        ['ú'] = "u", ['û'] = "u", ['Ù'] = "U", ['Ú'] = "U", ['Û'] = "U",
        ['ý'] = "y", ['ÿ'] = "y", ['Ý'] = "Y", ['Ÿ'] = "Y",
        ['œ'] = "oe", ['Œ'] = "OE",
        ['\u2018'] = "'", ['\u2019'] = "'", ['\u201A'] = "'", ['\u201B'] = "'", ['\u2039'] = "'", ['\u203A'] = "'",
        ['\u201C'] = "\"", ['\u201D'] = "\"", ['\u201E'] = "\"", ['\u201F'] = "\"", ['«'] = "\"", ['»'] = "\"",
        ['\u2010'] = "-", ['\u2011'] = "-", ['\u2013'] = "-", ['\u2014'] = "-", ['\u2212'] = "-",
        ['\u2026'] = "...",
        ['\u00A0'] = " ", ['\u202F'] = " ", ['\u2007'] = " ", ['\u2009'] = " ", ['\u2002'] = " ", ['\u2003'] = " ",
    }.ToFrozenDictionary();

    /// <summary>The characters replaced, each with its GSM-7 form.</summary>
    public static IReadOnlyDictionary<char, string> Replacements => Closest;

    public static string Transliterate(string text)
    {
        if (!text.Any(Closest.ContainsKey))
        {
            return text;
        }
        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Closest.TryGetValue(c, out var replacement))
            {
                result.Append(replacement);
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
