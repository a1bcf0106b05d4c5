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
    public static readonly IReadOnlyList<string> Statuses = ["sending", "sent", "delivered", "undelivered", "failed", "read"];

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

        if (messages.Find(sid) is not { } message)
        {
            return Results.NotFound();
        }

        if (message.StatusCallback is not { } callbackUrl)
        {
            return CallbackResults.NoStatusCallback(sid);
        }

        int? errorCode = status is "failed" or "undelivered" ? change.ErrorCode ?? UnknownErrorCode : null;
        var updated = messages.Update(sid, current => current with { Status = status, ErrorCode = errorCode, UpdatedAt = time.GetUtcNow() });
        if (updated is null)
        {
            return Results.NotFound();
        }

        var answer = await callbacks.PostAsync(callbackUrl, CallbackParameters(updated), cancellationToken);
        var logger = loggers.CreateLogger(typeof(MessageStatusCallbacks).FullName!);
        if (answer is not { } callbackStatusCode)
        {
            logger.LogWarning("Status callback {MessageStatus} of message {MessageSid} got no answer", status, sid);
            return CallbackResults.Unreachable(sid);
        }

        logger.LogInformation("Posted status {MessageStatus} of message {MessageSid}; callback answered {CallbackStatusCode}", status, sid, callbackStatusCode);
        return CallbackResults.Delivered(sid, status, callbackStatusCode);
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
