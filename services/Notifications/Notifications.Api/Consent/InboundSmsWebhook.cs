using Marten;
using MassTransit;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.FallbackBySms;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using System.Security;

namespace Platform.Notifications.Api.Consent;

/// <summary>
/// Twilio's webhook for SMS sent to the platform's number (signature checked by the webhook group). An acknowledgement
/// word from someone an active alert reached acknowledges it; any other reply is read as a consent answer ("OUI" / "NON").
/// </summary>
public static class InboundSmsWebhook
{
    public const string Path = "/sms";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapInboundSmsWebhook(this RouteGroupBuilder twilio)
    {
        twilio.MapPost(Path, HandleAsync);
        return twilio;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IDocumentSession session, AcknowledgementWords acknowledgements,
        IPublishEndpoint bus, TimeProvider time, ILogger<InboundSmsRequest> logger, CancellationToken cancellationToken)
    {
        var parameters = await TwilioWebhooks.ReadFieldsAsync(request, cancellationToken);
        var messageSid = parameters.GetValueOrDefault("MessageSid") ?? "";
        var from = parameters.GetValueOrDefault("From") ?? "";
        var body = parameters.GetValueOrDefault("Body");
        if (SmsFallbackCode.LooksLikeOne(body))
        {
            await ReceivingAFallbackPress.HandleAsync(from, messageSid, body, session, time, logger, cancellationToken);
            return TwilioWebhooks.EmptyTwiml();
        }
        // "OUI" and "OK" are also consent answers: during an active alert they answer the alert, the more urgent question.
        var (acknowledges, name) = acknowledgements.Read(body);
        if (acknowledges)
        {
            var (handled, reply) = await AcknowledgingBySms.TryAcknowledgeAsync(from, messageSid, name, session, bus, time, logger,
                cancellationToken);
            if (handled)
            {
                return reply is null ? TwilioWebhooks.EmptyTwiml() : TwilioWebhooks.Twiml($"<Response><Message>{SecurityElement.Escape(reply)}</Message></Response>");
            }
        }
        if (ConsentSms.ReadReply(body) is not { } accepted)
        {
            await RecordUnansweredAsync(session, messageSid, "not-understood", time, cancellationToken);
            logger.LogInformation("Inbound SMS {MessageSid} is neither an acknowledgement nor a consent reply; ignored.", messageSid);
            return TwilioWebhooks.EmptyTwiml();
        }
        // The same number may be a contact of several women: a reply answers the latest request sent to it, never all of
        // them (one "OUI" must not confirm someone for a woman whose request they have not read). The contacts service
        // applies it only to a contact still waiting for an answer.
        var requests = await session.Query<ConsentRequest>().Where(request => request.Phone == from)
            .OrderByDescending(request => request.RequestedAt).Take(1).ToListAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        foreach (var consent in requests)
        {
            // Fixed by the SMS and the contact: Twilio retrying the webhook gives the same event, recorded once.
            var eventId = DeterministicIds.From(messageSid, consent.Id);
            await bus.Publish(new ConsentReplyReceived(eventId, time.GetUtcNow(), consent.AssociationId, consent.BeneficiaryId, consent.Id, accepted),
                publish => publish.MessageId = eventId, timeout.Token);
        }
        var answered = requests.Count;
        if (answered == 0)
        {
            // Nobody this platform wrote to: nothing useful goes back, and the association can see such messages arrived.
            await RecordUnansweredAsync(session, messageSid, "unknown-sender", time, cancellationToken);
        }
        logger.LogInformation("Inbound SMS {MessageSid}: consent {Reply} for {Count} pending contact(s).", messageSid,
            accepted ? "accepted" : "declined", answered);
        // No reply text: the contact's state changes silently; the beneficiary and her operator see it.
        return TwilioWebhooks.EmptyTwiml();
    }

    private static async Task RecordUnansweredAsync(IDocumentSession session, string messageSid, string reason, TimeProvider time,
        CancellationToken cancellationToken)
    {
        session.Store(new UnansweredInboundSms(DeterministicIds.From("unanswered-sms", messageSid), reason, time.GetUtcNow()));
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Names the webhook's log category.</summary>
    public sealed class InboundSmsRequest;
}

/// <summary>An SMS to the platform's number that answered nothing (an unknown sender, a text not understood): when, and why; no number, no text.</summary>
public sealed record UnansweredInboundSms(Guid Id, string Reason, DateTimeOffset At);
