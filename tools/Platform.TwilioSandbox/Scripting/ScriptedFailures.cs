using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Scripting;

/// <summary>
/// A scripted failure of `Messages.json` or `Calls.json`, answered as Twilio answers it: its error JSON, a Retry-After
/// header when asked, after the delay asked. Nothing is recorded: a failed request sent nothing.
/// </summary>
public static class ScriptedFailures
{
    public static async Task<IResult> AnswerAsync(ScriptedResponse response, string? to, HttpContext http, TimeProvider time)
    {
        if (response.DelayMs is { } delay and > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), time, http.RequestAborted);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client gave up first: the timeout it was meant to see.
                return Results.Empty;
            }
        }

        if (response.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var code = response.TwilioCode ?? 20_000 + response.Status;
        return TwilioError.Result(response.Status, code, MessageFor(code, response.Status, to));
    }

    /// <summary>Twilio's wording for the codes tests script most; the HTTP reason phrase otherwise.</summary>
    public static string MessageFor(int code, int status, string? to) => code switch
    {
        20429 => "Too Many Requests",
        20500 => "Internal Server Error",
        20503 => "Service Unavailable",
        21211 => $"The 'To' number {to} is not a valid phone number.",
        21408 => $"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.",
        21610 => "Attempt to send to unsubscribed recipient",
        21614 => $"'To' number {to} is not a valid mobile number",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Scripted failure",
    };
}
