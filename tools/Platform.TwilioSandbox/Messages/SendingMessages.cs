using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.Scripting;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Messages;

/// <summary>
/// `POST /2010-04-01/Accounts/{accountSid}/Messages.json`: validates like Twilio, records, answers 201; unless a script
/// makes it fail first, or plays status callbacks once the 201 is sent.
/// </summary>
public static class SendingMessages
{
    public const int MaxBodyLength = 1600;
    public const int MaxValidityPeriodSeconds = 36_000;

    public static async Task<IResult> Handle(
        string accountSid,
        HttpRequest request,
        RecordLog<RecordedMessage> messages,
        ScriptBook scripts,
        StatusSequences sequences,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var form = await TwilioForm.ReadAsync(request, cancellationToken);
        var to = form.Value("To");
        var from = form.Value("From");
        var messagingServiceSid = form.Value("MessagingServiceSid");
        var body = form.Value("Body");
        var statusCallback = form.Value("StatusCallback");
        var validityPeriod = form.Value("ValidityPeriod");

        if (scripts.NextResponse(ScriptKind.Messages, to) is { } scripted)
        {
            return await ScriptedFailures.AnswerAsync(scripted, to, request.HttpContext, time);
        }

        if (to is null)
        {
            return TwilioError.BadRequest(21604, "A 'To' phone number is required.");
        }

        if (!PhoneNumbers.IsE164(to))
        {
            return TwilioError.BadRequest(21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (from is null && messagingServiceSid is null)
        {
            return TwilioError.BadRequest(21603, "A 'From' phone number is required.");
        }

        if (body is null)
        {
            return TwilioError.BadRequest(21602, "Message body is required.");
        }

        if (body.Length > MaxBodyLength)
        {
            return TwilioError.BadRequest(21617, "The concatenated message body exceeds the 1600 character limit.");
        }

        if (statusCallback is not null && !TwilioForm.IsCallbackUrl(statusCallback))
        {
            return TwilioError.BadRequest(21609, $"The StatusCallback URL {statusCallback} is not a valid URL.");
        }

        var validitySeconds = form.WholeNumber("ValidityPeriod");
        if (validityPeriod is not null && (validitySeconds is null || validitySeconds < 1))
        {
            return TwilioError.BadRequest(90014, "Validity Period should be positive integer");
        }

        if (validitySeconds > MaxValidityPeriodSeconds)
        {
            return TwilioError.BadRequest(90007, "Invalid validity period value");
        }

        var now = time.GetUtcNow();
        var message = new RecordedMessage(
            TwilioJson.NewSid("SM"),
            accountSid,
            to,
            from,
            messagingServiceSid,
            body,
            // A Messaging Service picks the sender later, so Twilio answers "accepted" rather than "queued".
            Status: messagingServiceSid is null ? "queued" : "accepted",
            ErrorCode: null,
            SmsSegments.Count(body),
            statusCallback,
            validitySeconds,
            ReceivedAt: now,
            UpdatedAt: now,
            Traceparent: request.Headers["traceparent"].FirstOrDefault());
        messages.Add(message);
        if (scripts.TakeSequence(ScriptKind.MessageStatus, to) is { } sequence)
        {
            // Twilio's callbacks follow its answer: the sender knows the sid before the first one arrives.
            request.HttpContext.Response.OnCompleted(() =>
            {
                sequences.PlayForMessage(message.Sid, sequence);
                return Task.CompletedTask;
            });
        }

        // Sids only: bodies and numbers stay out of the logs.
        loggers.CreateLogger(typeof(SendingMessages).FullName!).LogInformation("Accepted message {MessageSid}", message.Sid);
        return Results.Json(MessageResource.For(message), TwilioJson.Options, statusCode: StatusCodes.Status201Created);
    }
}
