using Marten;
using Platform.ServiceDefaults;
using Twilio.Security;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// What every webhook Twilio calls has in common. They are anonymous at the gateway, so each request must carry a valid
/// X-Twilio-Signature over the public URL Twilio called; the group refuses any other before a handler runs.
/// </summary>
public static class TwilioWebhooks
{
    public const string Prefix = "/callbacks/twilio";

    /// <summary>The group the webhooks map their routes on.</summary>
    public static RouteGroupBuilder MapTwilioWebhookGroup(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        group.AddEndpointFilter(RefuseUnsignedAsync);
        return group;
    }

    /// <summary>The absolute URL Twilio is told to call back, under the configured public base.</summary>
    public static Uri CallbackUrl(TwilioSettings settings, string pathAndQuery) =>
        new($"{settings.WebhookBaseUrl!.GetLeftPart(UriPartial.Authority)}{Prefix}{pathAndQuery}");

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

    /// <summary>The form Twilio posted, one value per field (read once; ASP.NET Core keeps it for the handler).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return new Dictionary<string, string>();
        }
        var form = await request.ReadFormAsync(cancellationToken);
        return form.ToDictionary(field => field.Key, field => field.Value.ToString());
    }

    /// <summary>TwiML, the answer Twilio expects from every webhook.</summary>
    public static IResult Twiml(string response) =>
        TypedResults.Text($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>{response}", "text/xml");

    /// <summary>Nothing to say or do: Twilio reads it as "carry on".</summary>
    public static IResult EmptyTwiml() => Twiml("<Response></Response>");

    private static async ValueTask<object?> RefuseUnsignedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var settings = context.HttpContext.RequestServices.GetRequiredService<TwilioSettings>();
        var fields = await ReadFieldsAsync(request, context.HttpContext.RequestAborted);
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        if (string.IsNullOrEmpty(signature)
            || !new RequestValidator(settings.AuthToken).Validate(PublicUrl(request, settings), fields.ToDictionary(), signature))
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioWebhooks).FullName!)
                .LogWarning("Twilio webhook {Path} refused: the signature does not match.", request.Path.Value);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "/problems/invalid-twilio-signature",
                title: "The request is not signed by Twilio.");
        }
        // A signature covers the URL and every field: the same one twice is the same request played again. Refused once the
        // first was handled (recorded after the handler, so Twilio retrying a request we failed is still heard).
        var seenId = DeterministicIds.From("twilio-callback", signature, request.Path.Value ?? "");
        var store = context.HttpContext.RequestServices.GetRequiredService<IDocumentStore>();
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<SeenTwilioCallback>(seenId, context.HttpContext.RequestAborted) is not null)
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioWebhooks).FullName!)
                    .LogWarning("Twilio webhook {Path} refused: a request already handled, played again.", request.Path.Value);
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: "/problems/replayed-twilio-callback",
                    title: "This request was already received.");
            }
        }
        var result = await next(context);
        await using var session = store.LightweightSession();
        session.Insert(new SeenTwilioCallback(seenId, context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(context.HttpContext.RequestAborted);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // The same request twice at once: both were handled (handlers are idempotent), one record is enough.
        }
        return result;
    }
}

/// <summary>A Twilio request already handled, by its signature: what makes a replay recognisable.</summary>
public sealed record SeenTwilioCallback(Guid Id, DateTimeOffset At);
