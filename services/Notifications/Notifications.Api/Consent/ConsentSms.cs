using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Sms;
using Platform.Sms;

namespace Platform.Notifications.Api.Consent;

/// <summary>The consent request a new contact receives, and how a reply to it is read.</summary>
public static class ConsentSms
{
    /// <summary>
    /// Neutral wording never says danger or violence: the contact may share a phone with the person she fears.
    /// Transliterated to GSM-7 ("être" as "etre", her name too) so that it stays one SMS.
    /// </summary>
    public static string Compose(ContactConsentRequested request) => GsmTransliteration.Transliterate(Text(request));

    private static string Text(ContactConsentRequested request) => (request.Language, request.NeutralWording) switch
    {
        ("en", false) => $"{request.BeneficiaryDisplayName} chose you as a trusted contact, to be alerted if she is in danger. " +
                         "Reply YES to accept or NO to decline.",
        ("en", true) => $"{request.BeneficiaryDisplayName} added you as a trusted contact. Reply YES to accept or NO to decline.",
        (_, false) => $"{request.BeneficiaryDisplayName} vous a choisi(e) comme contact de confiance, pour être alerté(e) si elle " +
                      "est en danger. Répondez OUI pour accepter ou NON pour refuser.",
        (_, true) => $"{request.BeneficiaryDisplayName} vous a ajouté(e) comme contact de confiance. Répondez OUI pour accepter ou NON pour refuser.",
    };

    private static readonly string[] Accepting = ["OUI", "O", "YES", "Y", "OK", "DACCORD"];
    private static readonly string[] Declining = ["NON", "N", "NO", "STOP"];

    /// <returns>True to accept, false to decline, null when the reply is neither (case, accents and punctuation folded).</returns>
    public static bool? ReadReply(string? body)
    {
        var folded = SmsReplies.Fold(body);
        return Accepting.Contains(folded) ? true : Declining.Contains(folded) ? false : null;
    }
}
