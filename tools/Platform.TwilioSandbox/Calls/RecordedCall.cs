using Platform.TwilioSandbox.Recording;

namespace Platform.TwilioSandbox.Calls;

/// <summary>A call the sandbox accepted, as `GET /sandbox/calls` shows it.</summary>
public sealed record RecordedCall(
    string Sid,
    string AccountSid,
    string To,
    string From,
    string Status,
    string? Url,
    string? Twiml,
    string? StatusCallback,
    IReadOnlyList<string> StatusCallbackEvents,
    int? Timeout,
    string? Digits,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string? Traceparent) : IRecorded;
