namespace Platform.TwilioSandbox.Messages;

/// <summary>
/// Roughly how a carrier splits a body: GSM-7 fits 160 septets (153 per part once split),
/// anything outside GSM-7 falls back to UCS-2 at 70 (67 per part). Alerts must fit one segment
/// where they can, so tests want to see the count.
/// </summary>
public static class SmsSegments
{
    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Extension characters take an escape septet plus their own.
    private const string Gsm7Extension = "\f^{}\\[~]|€";

    public static int Count(string body)
    {
        var septets = 0;
        foreach (var character in body)
        {
            if (Gsm7Basic.Contains(character, StringComparison.Ordinal))
            {
                septets += 1;
            }
            else if (Gsm7Extension.Contains(character, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                return Parts(body.Length, single: 70, perPart: 67);
            }
        }

        return Parts(septets, single: 160, perPart: 153);
    }

    private static int Parts(int units, int single, int perPart) =>
        units <= single ? 1 : (units + perPart - 1) / perPart;
}
