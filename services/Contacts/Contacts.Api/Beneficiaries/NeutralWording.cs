namespace Platform.Contacts.Api.Beneficiaries;

/// <summary>Under neutral wording, what her contacts receive must not give her away to whoever else reads their phone.</summary>
public static class NeutralWording
{
    /// <summary>Words a contact sharing a phone must never see: someone else reading them could put her at risk.</summary>
    private static readonly string[] AlarmingStems = ["violen", "danger"];

    private static readonly Dictionary<char, string> Unaccented = new()
    {
        ['à'] = "a", ['â'] = "a", ['ä'] = "a", ['á'] = "a", ['ã'] = "a", ['å'] = "a", ['ç'] = "c", ['é'] = "e", ['è'] = "e",
        ['ê'] = "e", ['ë'] = "e", ['í'] = "i", ['ì'] = "i", ['î'] = "i", ['ï'] = "i", ['ñ'] = "n", ['ó'] = "o", ['ò'] = "o",
        ['ô'] = "o", ['ö'] = "o", ['õ'] = "o", ['ú'] = "u", ['ù'] = "u", ['û'] = "u", ['ü'] = "u", ['ý'] = "y", ['ÿ'] = "y",
        ['œ'] = "oe", ['æ'] = "ae",
    };

    public static bool SoundsAlarming(string text)
    {
        // The service runs with invariant globalization, where Normalize does not decompose accents: fold them by hand.
        var folded = string.Concat(text.ToLowerInvariant().Select(c => Unaccented.TryGetValue(c, out var plain) ? plain : c.ToString()));
        return AlarmingStems.Any(stem => folded.Contains(stem, StringComparison.Ordinal));
    }
}
