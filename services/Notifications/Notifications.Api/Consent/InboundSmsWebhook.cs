using Marten;
using MassTransit;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Twilio.Security;

namespace Platform.Notifications.Api.Consent;

/// <summary>
/// Twilio's webhook for SMS sent to the platform's number. Anonymous at the gateway, so every request must carry a
/// valid X-Twilio-Signature over the public URL Twilio called. Today it reads consent replies ("OUI" / "NON").
/// </summary>
public static class InboundSmsWebhook
{
    public const string Path = "/callbacks/twilio/sms";
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapInboundSmsWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, TwilioSettings settings, IQuerySession session,
        IPublishEndpoint bus, TimeProvider time, ILogger<InboundSmsRequest> logger, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString());
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        if (!new RequestValidator(settings.AuthToken).Validate(PublicUrl(request, settings), parameters, signature))
        {
            logger.LogWarning("Inbound SMS refused: the Twilio signature does not match.");
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "/problems/invalid-twilio-signature",
                title: "The request is not signed by Twilio.");
        }
        var messageSid = parameters.GetValueOrDefault("MessageSid") ?? "";
        var from = parameters.GetValueOrDefault("From") ?? "";
        if (ConsentSms.ReadReply(parameters.GetValueOrDefault("Body")) is not { } accepted)
        {
            logger.LogInformation("Inbound SMS {MessageSid} is not a consent reply; ignored.", messageSid);
            return EmptyTwiml();
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
        logger.LogInformation("Inbound SMS {MessageSid}: consent {Reply} for {Count} pending contact(s).", messageSid,
            accepted ? "accepted" : "declined", answered);
        return EmptyTwiml();
    }

    /// <summary>
    /// The URL Twilio signed: the configured public base (the gateway's address) when set, else what the gateway
    /// forwarded. A wrong host here fails every real callback, so production sets Twilio:WebhookBaseUrl.
    /// </summary>
    public static string PublicUrl(HttpRequest request, TwilioSettings settings)
    {
        var pathAndQuery = $"{request.PathBase}{request.Path}{request.QueryString}";
        if (settings.WebhookBaseUrl is { } baseUrl)
        {
            return $"{baseUrl.GetLeftPart(UriPartial.Authority)}{pathAndQuery}";
        }
        var scheme = request.Headers["X-Forwarded-Proto"].FirstOrDefault() ?? request.Scheme;
        var host = request.Headers["X-Forwarded-Host"].FirstOrDefault() ?? request.Host.Value;
        return $"{scheme}://{host}{pathAndQuery}";
    }

    // No reply text: the contact's state changes silently; the beneficiary and her operator see it.
    private static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult EmptyTwiml() => TypedResults.Text("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml");

    /// <summary>Names the webhook's log category.</summary>
    public sealed class InboundSmsRequest;
}
