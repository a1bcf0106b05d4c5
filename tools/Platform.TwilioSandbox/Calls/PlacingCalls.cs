using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.Scripting;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Calls;

/// <summary>
/// `POST /2010-04-01/Accounts/{accountSid}/Calls.json`: validates like Twilio, records, answers 201; unless a script
/// makes it fail first, or plays status callbacks once the 201 is sent.
/// </summary>
public static class PlacingCalls
{
    public static async Task<IResult> Handle(
        string accountSid,
        HttpRequest request,
        RecordLog<RecordedCall> calls,
        ScriptBook scripts,
        StatusSequences sequences,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var form = await TwilioForm.ReadAsync(request, cancellationToken);
        var to = form.Value("To");
        var from = form.Value("From");
        var url = form.Value("Url");
        var twiml = form.Value("Twiml");
        var statusCallback = form.Value("StatusCallback");

        if (scripts.NextResponse(ScriptKind.Calls, to) is { } scripted)
        {
            return await ScriptedFailures.AnswerAsync(scripted, to, request.HttpContext, time);
        }

        if (to is null)
        {
            return TwilioError.BadRequest(21201, "No 'To' number is specified");
        }

        if (!PhoneNumbers.IsE164(to))
        {
            return TwilioError.BadRequest(21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (from is null)
        {
            return TwilioError.BadRequest(21213, "No 'From' number is specified");
        }

        if (url is null && twiml is null)
        {
            return TwilioError.BadRequest(21205, "A 'Url' or 'Twiml' parameter is required.");
        }

        if (url is not null && !TwilioForm.IsCallbackUrl(url))
        {
            return TwilioError.BadRequest(21205, $"Url is not a valid URL: {url}");
        }

        if (statusCallback is not null && !TwilioForm.IsCallbackUrl(statusCallback))
        {
            return TwilioError.BadRequest(21609, $"The StatusCallback URL {statusCallback} is not a valid URL.");
        }

        var now = time.GetUtcNow();
        var call = new RecordedCall(
            TwilioJson.NewSid("CA"),
            accountSid,
            to,
            from,
            Status: "queued",
            url,
            twiml,
            statusCallback,
            form.Values("StatusCallbackEvent"),
            form.WholeNumber("Timeout"),
            Digits: null,
            ReceivedAt: now,
            UpdatedAt: now,
            Traceparent: request.Headers["traceparent"].FirstOrDefault());
        calls.Add(call);
        if (scripts.TakeSequence(ScriptKind.CallStatus, to) is { } sequence)
        {
            request.HttpContext.Response.OnCompleted(() =>
            {
                sequences.PlayForCall(call.Sid, sequence);
                return Task.CompletedTask;
            });
        }

        // Sids only: numbers stay out of the logs.
        loggers.CreateLogger(typeof(PlacingCalls).FullName!).LogInformation("Accepted call {CallSid}", call.Sid);
        return Results.Json(CallResource.For(call), TwilioJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
