using System.Text;

namespace Platform.Notifications.Api.Sms;

/// <summary>How a reply typed on a phone is read: "oui.", " Oui " and "OUI" are one answer, "j'arrive" and "J’ARRIVÉ" another.</summary>
public static class SmsReplies
{
    /// <summary>Upper case, accents dropped, only letters and digits kept (spaces, punctuation, apostrophes, emoji go).</summary>
    public static string Fold(string? body)
    {
        var folded = new StringBuilder();
        foreach (var c in (body ?? "").ToUpperInvariant())
        {
            folded.Append(WithoutAccent(c));
        }
        return new string([.. folded.ToString().Where(char.IsLetterOrDigit)]);
    }

    // By hand, not by Unicode decomposition: the services run with invariant globalization, where String.Normalize
    // leaves "É" as it is. Upper-case letters only: Fold upper-cases first.
    private static string WithoutAccent(char c) => c switch
    {
        'À' or 'Á' or 'Â' or 'Ã' or 'Ä' or 'Å' => "A",
        'Æ' => "AE",
        'Ç' => "C",
        'È' or 'É' or 'Ê' or 'Ë' => "E",
        'Ì' or 'Í' or 'Î' or 'Ï' => "I",
        'Ñ' => "N",
        'Ò' or 'Ó' or 'Ô' or 'Õ' or 'Ö' or 'Ø' => "O",
        'Œ' => "OE",
        'Ù' or 'Ú' or 'Û' or 'Ü' => "U",
        'Ý' or 'Ÿ' => "Y",
        _ => c.ToString(),
    };
}
