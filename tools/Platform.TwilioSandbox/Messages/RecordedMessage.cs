using Platform.TwilioSandbox.Recording;

namespace Platform.TwilioSandbox.Messages;

/// <summary>A message the sandbox accepted, as `GET /sandbox/messages` shows it.</summary>
public sealed record RecordedMessage(
    string Sid,
    string AccountSid,
    string To,
    string? From,
    string? MessagingServiceSid,
    string Body,
    string Status,
    int? ErrorCode,
    int NumSegments,
    string? StatusCallback,
    int? ValidityPeriod,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    string? Traceparent) : IRecorded;
