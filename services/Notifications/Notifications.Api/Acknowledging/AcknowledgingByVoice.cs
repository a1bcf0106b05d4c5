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
    public static Uri CallbackUrlFor(TwilioSettings settings, Guid alertId, Guid recipientId) =>
        TwilioWebhooks.CallbackUrl(settings, $"{Path}?alert={alertId:D}&recipient={recipientId:D}");

    private static async Task<IResult> HandleAsync(HttpRequest request, Guid? alert, Guid? recipient, IQuerySession session,
        IPublishEndpoint bus, TimeProvider time, ILogger<VoiceCallbackRequest> logger, CancellationToken cancellationToken)
    {
        var parameters = await TwilioWebhooks.ReadFieldsAsync(request, cancellationToken);
        var callSid = parameters.GetValueOrDefault("CallSid") ?? "";
        var status = parameters.GetValueOrDefault("CallStatus");
        if (parameters.GetValueOrDefault("Digits") != CallScript.AcknowledgingKey)
        {
            logger.LogInformation("Call {CallSid} ({CallStatus}) brought no acknowledgement.", callSid, status);
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

    /// <summary>Names the webhook's log category.</summary>
    public sealed class VoiceCallbackRequest;
}
