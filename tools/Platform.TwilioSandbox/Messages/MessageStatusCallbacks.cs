using Platform.TwilioSandbox.Callbacks;
using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Messages;

/// <summary>Body of `POST /sandbox/messages/{sid}/status`.</summary>
public sealed record MessageStatusChange(string? Status, int? ErrorCode);

/// <summary>
/// `POST /sandbox/messages/{sid}/status`: a test plays the carrier. The status is recorded as told,
/// in any order and as often as asked, because the real callbacks arrive late, twice or out of order
/// and the platform must cope with that.
/// </summary>
public static class MessageStatusCallbacks
{
    public static readonly IReadOnlyList<string> Statuses = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "read"];

    /// <summary>Twilio's "Unknown error", used when a test fails a message without naming a code.</summary>
    public const int UnknownErrorCode = 30008;

    public static async Task<IResult> Handle(
        string sid,
        MessageStatusChange change,
        RecordLog<RecordedMessage> messages,
        StatusCallbackSender callbacks,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (change.Status is not { } status || !Statuses.Contains(status, StringComparer.Ordinal))
        {
            return CallbackResults.UnknownStatus(change.Status ?? "", Statuses);
        }

        var posted = await PostAsync(sid, status, change.ErrorCode, messages, callbacks, time, loggers, cancellationToken);
        return CallbackResults.Of(posted, sid, status);
    }

    /// <summary>Records the status, then posts it to the message's StatusCallback, signed, as Twilio does.</summary>
    /// <param name="errorCode">Sent with "undelivered" and "failed" only (Twilio's unknown error when null).</param>
    public static async Task<StatusPosted> PostAsync(
        string sid,
        string status,
        int? errorCode,
        RecordLog<RecordedMessage> messages,
        StatusCallbackSender callbacks,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (messages.Find(sid) is not { } message)
        {
            return new StatusPosted(StatusPostOutcome.UnknownSid);
        }

        if (message.StatusCallback is not { } callbackUrl)
        {
            return new StatusPosted(StatusPostOutcome.NoStatusCallback);
        }

        int? sentErrorCode = status is "failed" or "undelivered" ? errorCode ?? UnknownErrorCode : null;
        var updated = messages.Update(sid, current => current with { Status = status, ErrorCode = sentErrorCode, UpdatedAt = time.GetUtcNow() });
        if (updated is null)
        {
            return new StatusPosted(StatusPostOutcome.UnknownSid);
        }

        var answer = await callbacks.PostAsync(callbackUrl, CallbackParameters(updated), cancellationToken);
        var logger = loggers.CreateLogger(typeof(MessageStatusCallbacks).FullName!);
        if (answer is not { } callbackStatusCode)
        {
            logger.LogWarning("Status callback {MessageStatus} of message {MessageSid} got no answer", status, sid);
            return new StatusPosted(StatusPostOutcome.Unreachable);
        }

        logger.LogInformation("Posted status {MessageStatus} of message {MessageSid}; callback answered {CallbackStatusCode}", status, sid, callbackStatusCode);
        return new StatusPosted(StatusPostOutcome.Delivered, callbackStatusCode);
    }

    /// <summary>The fields Twilio posts to a message's StatusCallback.</summary>
    public static Dictionary<string, string> CallbackParameters(RecordedMessage message)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MessageSid"] = message.Sid,
            ["SmsSid"] = message.Sid,
            ["AccountSid"] = message.AccountSid,
            ["To"] = message.To,
            ["MessageStatus"] = message.Status,
            ["SmsStatus"] = message.Status,
            ["ApiVersion"] = TwilioJson.ApiVersion,
        };
        if (message.From is not null)
        {
            parameters["From"] = message.From;
        }

        if (message.MessagingServiceSid is not null)
        {
            parameters["MessagingServiceSid"] = message.MessagingServiceSid;
        }

        if (message.ErrorCode is { } errorCode)
        {
            parameters["ErrorCode"] = errorCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return parameters;
    }
}
