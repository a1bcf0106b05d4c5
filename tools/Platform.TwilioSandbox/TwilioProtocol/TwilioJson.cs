using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.TwilioSandbox.TwilioProtocol;

/// <summary>How api.twilio.com writes JSON: snake_case names, nulls written out (price, error_code).</summary>
public static class TwilioJson
{
    public const string ApiVersion = "2010-04-01";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Twilio writes "The 'To' number", not "The \u0027To\u0027 number"; this is a JSON API, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Twilio's date format, e.g. "Thu, 24 Aug 2023 05:01:45 +0000" (RFC 2822 with a numeric zone).</summary>
    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>Two-letter prefix plus 32 lowercase hex digits, like every Twilio SID.</summary>
    public static string NewSid(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
