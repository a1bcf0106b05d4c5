using Platform.TwilioSandbox.Callbacks;
using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Calls;

/// <summary>Body of `POST /sandbox/calls/{sid}/status`; Digits stands for a key the callee pressed.</summary>
public sealed record CallStatusChange(string? Status, string? Digits);

/// <summary>
/// `POST /sandbox/calls/{sid}/status`: a test plays the phone network. Any status, any order:
/// the platform must cope with late, repeated and out-of-order callbacks, and with voicemail
/// that ends "completed" without a key press.
/// </summary>
public static class CallStatusCallbacks
{
    public static readonly IReadOnlyList<string> Statuses =
        ["initiated", "ringing", "in-progress", "completed", "busy", "no-answer", "canceled", "failed"];

    public static async Task<IResult> Handle(
        string sid,
        CallStatusChange change,
        RecordLog<RecordedCall> calls,
        StatusCallbackSender callbacks,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (change.Status is not { } status || !Statuses.Contains(status, StringComparer.Ordinal))
        {
            return CallbackResults.UnknownStatus(change.Status ?? "", Statuses);
        }

        var posted = await PostAsync(sid, status, change.Digits, calls, callbacks, time, loggers, cancellationToken);
        return CallbackResults.Of(posted, sid, status);
    }

    /// <summary>Records the status (and the key pressed, if any), then posts both to the call's StatusCallback, signed.</summary>
    public static async Task<StatusPosted> PostAsync(
        string sid,
        string status,
        string? digits,
        RecordLog<RecordedCall> calls,
        StatusCallbackSender callbacks,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (calls.Find(sid) is not { } call)
        {
            return new StatusPosted(StatusPostOutcome.UnknownSid);
        }

        if (call.StatusCallback is not { } callbackUrl)
        {
            return new StatusPosted(StatusPostOutcome.NoStatusCallback);
        }

        var pressed = string.IsNullOrEmpty(digits) ? null : digits;
        var updated = calls.Update(sid, current => current with { Status = status, Digits = pressed, UpdatedAt = time.GetUtcNow() });
        if (updated is null)
        {
            return new StatusPosted(StatusPostOutcome.UnknownSid);
        }

        var answer = await callbacks.PostAsync(callbackUrl, CallbackParameters(updated), cancellationToken);
        var logger = loggers.CreateLogger(typeof(CallStatusCallbacks).FullName!);
        if (answer is not { } callbackStatusCode)
        {
            logger.LogWarning("Status callback {CallStatus} of call {CallSid} got no answer", status, sid);
            return new StatusPosted(StatusPostOutcome.Unreachable);
        }

        logger.LogInformation("Posted status {CallStatus} of call {CallSid}; callback answered {CallbackStatusCode}", status, sid, callbackStatusCode);
        return new StatusPosted(StatusPostOutcome.Delivered, callbackStatusCode);
    }

    /// <summary>The fields Twilio posts to a call's StatusCallback.</summary>
    public static Dictionary<string, string> CallbackParameters(RecordedCall call)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["CallSid"] = call.Sid,
            ["AccountSid"] = call.AccountSid,
            ["From"] = call.From,
            ["To"] = call.To,
            ["CallStatus"] = call.Status,
            ["Direction"] = "outbound-api",
            ["ApiVersion"] = TwilioJson.ApiVersion,
        };
        if (call.Digits is not null)
        {
            parameters["Digits"] = call.Digits;
        }

        return parameters;
    }
}
