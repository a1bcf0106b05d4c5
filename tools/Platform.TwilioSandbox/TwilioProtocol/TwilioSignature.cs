using System.Security.Cryptography;
using System.Text;

namespace Platform.TwilioSandbox.TwilioProtocol;

/// <summary>X-Twilio-Signature exactly as Twilio computes it, so receivers can use Twilio's own RequestValidator.</summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>Base64 HMAC-SHA1, keyed by the auth token, over the full URL then each parameter's name and value, sorted by name (ordinal).</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(name).Append(value);
        }

        // SHA-1 is what Twilio's protocol uses; the sandbox must match it byte for byte.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }
}
