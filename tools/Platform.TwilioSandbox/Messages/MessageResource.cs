using System.Globalization;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Messages;

/// <summary>The Message resource as api.twilio.com returns it (serialized snake_case by <see cref="TwilioJson"/>).</summary>
public sealed record MessageResource(
    string Sid,
    string AccountSid,
    string To,
    string? From,
    string? MessagingServiceSid,
    string Body,
    string Status,
    string NumSegments,
    string NumMedia,
    string Direction,
    string ApiVersion,
    string DateCreated,
    string DateUpdated,
    string? DateSent,
    string? Price,
    string PriceUnit,
    int? ErrorCode,
    string? ErrorMessage,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris)
{
    public static MessageResource For(RecordedMessage message)
    {
        var uri = $"/{TwilioJson.ApiVersion}/Accounts/{message.AccountSid}/Messages/{message.Sid}";
        return new MessageResource(
            message.Sid,
            message.AccountSid,
            message.To,
            message.From,
            message.MessagingServiceSid,
            message.Body,
            message.Status,
            message.NumSegments.ToString(CultureInfo.InvariantCulture),
            NumMedia: "0",
            Direction: "outbound-api",
            TwilioJson.ApiVersion,
            TwilioJson.Date(message.ReceivedAt),
            TwilioJson.Date(message.UpdatedAt),
            TwilioJson.Date(message.ReceivedAt),
            Price: null,
            PriceUnit: "USD",
            message.ErrorCode,
            ErrorMessage: null,
            uri + ".json",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["media"] = uri + "/Media.json" });
    }
}
