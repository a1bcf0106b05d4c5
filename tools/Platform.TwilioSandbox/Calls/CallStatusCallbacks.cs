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

        if (calls.Find(sid) is not { } call)
        {
            return Results.NotFound();
        }

        if (call.StatusCallback is not { } callbackUrl)
        {
            return CallbackResults.NoStatusCallback(sid);
        }

        var digits = string.IsNullOrEmpty(change.Digits) ? null : change.Digits;
        var updated = calls.Update(sid, current => current with { Status = status, Digits = digits, UpdatedAt = time.GetUtcNow() });
        if (updated is null)
        {
            return Results.NotFound();
        }

        var answer = await callbacks.PostAsync(callbackUrl, CallbackParameters(updated), cancellationToken);
        var logger = loggers.CreateLogger(typeof(CallStatusCallbacks).FullName!);
        if (answer is not { } callbackStatusCode)
        {
            logger.LogWarning("Status callback {CallStatus} of call {CallSid} got no answer", status, sid);
            return CallbackResults.Unreachable(sid);
        }

        logger.LogInformation("Posted status {CallStatus} of call {CallSid}; callback answered {CallbackStatusCode}", status, sid, callbackStatusCode);
        return CallbackResults.Delivered(sid, status, callbackStatusCode);
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
