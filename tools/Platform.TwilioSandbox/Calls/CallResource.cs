using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Calls;

/// <summary>The Call resource as api.twilio.com returns it for a call it has just queued (serialized snake_case by <see cref="TwilioJson"/>).</summary>
public sealed record CallResource(
    string Sid,
    string AccountSid,
    string To,
    string ToFormatted,
    string From,
    string FromFormatted,
    string Status,
    string Direction,
    string ApiVersion,
    string DateCreated,
    string DateUpdated,
    string? StartTime,
    string? EndTime,
    string? Duration,
    string? Price,
    string PriceUnit,
    string? ParentCallSid,
    string? PhoneNumberSid,
    string? AnsweredBy,
    string? ForwardedFrom,
    string? GroupSid,
    string? CallerName,
    string? QueueTime,
    string? TrunkSid,
    string Uri,
    IReadOnlyDictionary<string, string> SubresourceUris)
{
    public static CallResource For(RecordedCall call)
    {
        var uri = $"/{TwilioJson.ApiVersion}/Accounts/{call.AccountSid}/Calls/{call.Sid}";
        return new CallResource(
            call.Sid,
            call.AccountSid,
            call.To,
            ToFormatted: call.To,
            call.From,
            FromFormatted: call.From,
            call.Status,
            Direction: "outbound-api",
            TwilioJson.ApiVersion,
            TwilioJson.Date(call.ReceivedAt),
            TwilioJson.Date(call.UpdatedAt),
            StartTime: null,
            EndTime: null,
            Duration: null,
            Price: null,
            PriceUnit: "USD",
            ParentCallSid: null,
            PhoneNumberSid: null,
            AnsweredBy: null,
            ForwardedFrom: null,
            GroupSid: null,
            CallerName: null,
            QueueTime: "0",
            TrunkSid: null,
            uri + ".json",
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["notifications"] = uri + "/Notifications.json",
                ["recordings"] = uri + "/Recordings.json",
                ["events"] = uri + "/Events.json",
            });
    }
}
