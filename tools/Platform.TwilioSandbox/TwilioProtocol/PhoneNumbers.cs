using System.Text.RegularExpressions;

namespace Platform.TwilioSandbox.TwilioProtocol;

public static partial class PhoneNumbers
{
    /// <summary>Twilio only accepts E.164 for 'To'; the sandbox rejects the rest so format bugs surface locally.</summary>
    public static bool IsE164(string value) => E164().IsMatch(value);

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
