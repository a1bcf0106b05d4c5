using Marten;
using MassTransit;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Acknowledging;

/// <summary>
/// Where Twilio posts what happened on an alert call: the key pressed (the Gather's action) and the call's end (its
/// status callback). 1 pressed acknowledges for whoever was called; a call that ends without it (voicemail also ends
/// "completed", no answer, busy) acknowledges nothing.
/// </summary>
public static class AcknowledgingByVoice
{
    public const string Path = "/voice";

    public static RouteGroupBuilder MapVoiceCallbackWebhook(this RouteGroupBuilder twilio)
    {
        twilio.MapPost(Path, HandleAsync);
        return twilio;
    }

    /// <summary>
    /// The call's own callback URL. Which alert and whom it called travel in it: Twilio signs the whole URL, so they cannot
    /// be forged, and nothing has to be looked up by phone number.
    /// </summary>
    public static Uri CallbackUrlFor(TwilioSettings settings, Guid alertId, Guid recipientId, Guid dispatchId) =>
        TwilioWebhooks.CallbackUrl(settings, $"{Path}?alert={alertId:D}&recipient={recipientId:D}&dispatch={dispatchId:D}");

    /// <summary>How a call that ended without the key press ended: it reached nobody who answered for her.</summary>
    public static bool EndedUnanswered(string? status) => status is "busy" or "no-answer" or "failed" or "canceled";

    private static async Task<IResult> HandleAsync(HttpRequest request, Guid? alert, Guid? recipient, Guid? dispatch, IQuerySession session,
        IPublishEndpoint bus, TimeProvider time, ILogger<VoiceCallbackRequest> logger, CancellationToken cancellationToken)
    {
        var parameters = await TwilioWebhooks.ReadFieldsAsync(request, cancellationToken);
        var callSid = parameters.GetValueOrDefault("CallSid") ?? "";
        var status = parameters.GetValueOrDefault("CallStatus");
        if (parameters.GetValueOrDefault("Digits") != CallScript.AcknowledgingKey)
        {
            logger.LogInformation("Call {CallSid} ({CallStatus}) brought no acknowledgement.", callSid, status);
            await PublishOutcomeAsync(session, bus, dispatch, status, time.GetUtcNow(), cancellationToken);
            return TwilioWebhooks.EmptyTwiml();
        }
        var reached = alert is { } alertId && recipient is { } recipientId
            ? await session.LoadAsync<AlertRecipient>(AlertRecipient.IdFor(alertId, recipientId), cancellationToken)
            : null;
        if (reached is null)
        {
            // Written before the call was placed, so this is a URL this service never gave out.
            logger.LogError("Call {CallSid} was acknowledged but its alert recipient is unknown ({AlertId}, {RecipientId}).", callSid,
                alert, recipient);
            return TwilioWebhooks.EmptyTwiml();
        }
        await Acknowledgement.PublishAsync(bus, reached, NotificationChannel.Voice, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Call {CallSid} acknowledges alert {AlertId} for {ResponderKind} {ResponderId}.", callSid, reached.AlertId,
            reached.Kind, reached.RecipientId);
        return TwilioWebhooks.Twiml(CallScript.Thanks(reached.Language));
    }

    /// <summary>
    /// The alert's timeline learns how the call ended: answered (even by voicemail: "completed" without the key press
    /// acknowledges nothing, the escalation goes on) or not reached at all. Ids fixed by the call, so a repeat counts once.
    /// </summary>
    private static async Task PublishOutcomeAsync(IQuerySession session, IPublishEndpoint bus, Guid? dispatchId, string? status,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (dispatchId is not { } id || (status != "completed" && !EndedUnanswered(status))
            || await session.LoadAsync<Dispatch>(id, cancellationToken) is not { Command.Call: { } call })
        {
            return;
        }
        var eventId = Platform.ServiceDefaults.DeterministicIds.From(id, "call-ended");
        object outcome = status == "completed"
            ? new NotificationDelivered(eventId, now, call.AssociationId, call.AlertId, call.RecipientId, NotificationChannel.Voice,
                call.EscalationStep)
            : new NotificationFailed(eventId, now, call.AssociationId, call.AlertId, call.RecipientId, NotificationChannel.Voice,
                call.EscalationStep, $"call-{status}");
        await bus.Publish(outcome, outcome.GetType(), publish => publish.MessageId = eventId, cancellationToken);
    }

    /// <summary>Names the webhook's log category.</summary>
    public sealed class VoiceCallbackRequest;
}
