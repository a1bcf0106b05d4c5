using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// Signs a delivery as the Standard Webhooks spec says: <c>v1,</c> and the base64 HMAC-SHA256 of
/// <c>{id}.{timestamp}.{body}</c>, one signature per secret, space-separated, so a receiver still holding the old secret
/// during a rotation keeps verifying.
/// </summary>
/// <remarks>
/// Written here rather than taken from NuGet's "StandardWebhooks" package: that package is a third party's (Codefactors
/// Ltd), not the spec organisation's, and its Sign takes a single secret, where rotation needs several. The HMAC itself is
/// .NET's; the spec's own test vector and its reference verifier (npm standardwebhooks, run by the tests) check the result.
/// </remarks>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string Version = "v1,";
    private const int LongestMessageId = 256;

    public static string Sign(string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body, IEnumerable<WebhookSecret> secrets)
    {
        RequireHeaderSafe(messageId);
        var signedPrefix = Encoding.UTF8.GetBytes($"{messageId}.{UnixSeconds(timestamp)}.");
        var signatures = new StringBuilder();
        foreach (var secret in secrets)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Key);
            hmac.AppendData(signedPrefix);
            hmac.AppendData(body);
            signatures.Append(signatures.Length == 0 ? "" : " ").Append(Version).Append(Convert.ToBase64String(hmac.GetHashAndReset()));
        }
        if (signatures.Length == 0)
        {
            throw new ArgumentException("A delivery is signed with at least one secret.", nameof(secrets));
        }
        return signatures.ToString();
    }

    public static string Sign(string messageId, DateTimeOffset timestamp, string body, IEnumerable<WebhookSecret> secrets) =>
        Sign(messageId, timestamp, Encoding.UTF8.GetBytes(body), secrets);

    /// <param name="messageId">The same on every retry of one delivery: receivers de-duplicate by it.</param>
    public static WebhookHeaders Headers(string messageId, DateTimeOffset timestamp, ReadOnlySpan<byte> body, IEnumerable<WebhookSecret> secrets) =>
        new(messageId, UnixSeconds(timestamp), Sign(messageId, timestamp, body, secrets));

    public static WebhookHeaders Headers(string messageId, DateTimeOffset timestamp, string body, IEnumerable<WebhookSecret> secrets) =>
        Headers(messageId, timestamp, Encoding.UTF8.GetBytes(body), secrets);

    private static string UnixSeconds(DateTimeOffset timestamp) => timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    // The id travels in a header and inside the signed text: a space, a control character or a line break there would let
    // it forge headers or become ambiguous.
    private static void RequireHeaderSafe(string messageId)
    {
        if (messageId.Length is 0 or > LongestMessageId || messageId.Any(c => c is < '!' or > '~'))
        {
            throw new ArgumentException($"A webhook id is 1 to {LongestMessageId} visible ASCII characters.", nameof(messageId));
        }
    }
}

/// <summary>The three Standard Webhooks headers of one delivery attempt.</summary>
/// <param name="Timestamp">Unix seconds of this attempt: each retry is signed afresh, as receivers refuse stale timestamps.</param>
public sealed record WebhookHeaders(string Id, string Timestamp, string Signature)
{
    public IReadOnlyDictionary<string, string> ByName => new Dictionary<string, string>
    {
        [WebhookSignature.IdHeader] = Id,
        [WebhookSignature.TimestampHeader] = Timestamp,
        [WebhookSignature.SignatureHeader] = Signature,
    };

    public void ApplyTo(HttpRequestHeaders headers)
    {
        foreach (var (name, value) in ByName)
        {
            headers.Remove(name);
            headers.Add(name, value);
        }
    }
}
