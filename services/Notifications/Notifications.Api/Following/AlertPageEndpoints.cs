using Marten;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Contracts;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// The page her contacts open from the alert SMS, with no login: the link is the credential. Anonymous at the gateway
/// (/a/**). Every refusal is the same 404 page, never a 5xx and never a hint of why.
/// </summary>
public static class AlertPageEndpoints
{
    public const string Prefix = "/a";

    public static IEndpointRouteBuilder MapAlertPage(this IEndpointRouteBuilder app)
    {
        var page = app.MapGroup(Prefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        page.AddEndpointFilter(AnswerFailuresAsync);
        page.MapGet("/{token}", ShowAsync);
        page.MapGet("/{token}/state", StateAsync);
        page.MapPost("/{token}/on-my-way", OnMyWayAsync);
        return app;
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, AlertPageTokens tokens, IQuerySession session,
        IOptions<AlertPageSettings> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var (view, _) = await ViewAsync(token, tokens, session, settings.Value, time, cancellationToken);
        return Page(http, view, token, settings.Value);
    }

    private static async Task<IResult> StateAsync(string token, HttpContext http, AlertPageTokens tokens, IQuerySession session,
        IOptions<AlertPageSettings> settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var (view, _) = await ViewAsync(token, tokens, session, settings.Value, time, cancellationToken);
        var nonce = Nonce();
        Protect(http.Response, nonce);
        return view switch
        {
            AlertPageView.Open open => TypedResults.Json(AlertPageState.Of(open)),
            AlertPageView.Over => TypedResults.Json(AlertPageState.Ended),
            _ => Html(AlertPageHtml.Refused(nonce), StatusCodes.Status404NotFound),
        };
    }

    /// <summary>
    /// "I'm on my way": acknowledges the alert for this contact, like "OK" by SMS or 1 on a call, then shows the page
    /// again (post, redirect, get: a reload never posts twice). The event id is the one every channel uses for this
    /// contact and alert, so a second press, or an "OK" by SMS as well, is recorded once.
    /// </summary>
    private static async Task<IResult> OnMyWayAsync(string token, HttpContext http, AlertPageTokens tokens, IDocumentSession session,
        IOptions<AlertPageSettings> settings, TimeProvider time, IPublishEndpoint bus, ILogger<AlertPageRequest> logger,
        CancellationToken cancellationToken)
    {
        var (view, linkId) = await ViewAsync(token, tokens, session, settings.Value, time, cancellationToken);
        if (view is not AlertPageView.Open open)
        {
            // Over: the page says so; refused: the same 404 as ever.
            return view is AlertPageView.Over ? SeeThePage(http, token) : Page(http, view, token, settings.Value);
        }
        var now = time.GetUtcNow();
        try
        {
            await Acknowledgement.PublishAsync(bus, open.AssociationId, open.AlertId, open.ContactId, ResponderKind.Contact,
                open.ContactName, NotificationChannel.AlertPage, now, cancellationToken);
        }
        catch (Exception unreachable) when (!cancellationToken.IsCancellationRequested)
        {
            // The broker is unreachable: say so, so the contact presses again or answers by SMS, rather than believe it went.
            logger.LogError(unreachable, "Alert {AlertId}: contact {ContactId}'s \"on my way\" could not be published.", open.AlertId,
                open.ContactId);
            return Page(http, view, token, settings.Value, notSent: true);
        }
        if (!open.YouAnswered)
        {
            session.Store(new AlertPageAnswer(linkId!, open.AlertId, now));
            await session.SaveChangesAsync(cancellationToken);
        }
        logger.LogInformation("Alert {AlertId}: contact {ContactId} is on the way (alert page).", open.AlertId, open.ContactId);
        return SeeThePage(http, token);
    }

    /// <summary>
    /// A failure of ours (the database unreachable) answers a page asking to try again, and is logged without the path:
    /// the platform's exception handler would log the path, and the path holds the link's token.
    /// </summary>
    private static async ValueTask<object?> AnswerFailuresAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (Exception failure) when (!http.RequestAborted.IsCancellationRequested)
        {
            http.RequestServices.GetRequiredService<ILogger<AlertPageRequest>>()
                .LogError(failure, "The alert page could not answer a {Method} (path withheld: it holds a link's token).", http.Request.Method);
            var nonce = Nonce();
            Protect(http.Response, nonce);
            return Html(AlertPageHtml.Unavailable(nonce), StatusCodes.Status503ServiceUnavailable);
        }
    }

    /// <summary>What the link may show now: read at request time, so a removal or the alert's end takes effect at once.</summary>
    private static async Task<(AlertPageView View, string? LinkId)> ViewAsync(string token, AlertPageTokens tokens, IQuerySession session,
        AlertPageSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        // A forged or mistyped token never reaches the database.
        if (tokens.LinkIdOf(token) is not { } linkId
            || await session.LoadAsync<AlertPageLink>(linkId, cancellationToken) is not { } link)
        {
            return (AlertPageView.Refusal, null);
        }
        var batch = session.CreateBatchQuery();
        var her = batch.Load<ContactsCopy>(link.BeneficiaryId);
        var closed = batch.Load<ClosedAlert>(link.AlertId);
        var live = batch.Load<LiveAlert>(link.AlertId);
        var answer = batch.Load<AlertPageAnswer>(linkId);
        await batch.Execute(cancellationToken);
        return (AlertPageView.Decide(link, await her, await closed, await live, await answer, time.GetUtcNow(), settings.GracePeriod),
            linkId);
    }

    private static ContentHttpResult Page(HttpContext http, AlertPageView view, string token, AlertPageSettings settings, bool notSent = false)
    {
        var nonce = Nonce();
        Protect(http.Response, nonce);
        return view switch
        {
            AlertPageView.Open open => Html(AlertPageHtml.Open(open, PathOf(token), nonce, settings.RefreshInterval, notSent),
                notSent ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK),
            AlertPageView.Over over => Html(AlertPageHtml.Over(over, nonce), StatusCodes.Status200OK),
            _ => Html(AlertPageHtml.Refused(nonce), StatusCodes.Status404NotFound),
        };
    }

    private static StatusCodeHttpResult SeeThePage(HttpContext http, string token)
    {
        Protect(http.Response, Nonce());
        http.Response.Headers.Location = PathOf(token);
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static ContentHttpResult Html(string html, int status) =>
        TypedResults.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    // Root-relative: behind the gateway the page keeps the path the contact opened.
    private static string PathOf(string token) => $"{Prefix}/{Uri.EscapeDataString(token)}";

    private static string Nonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Nothing cached (a shared phone's history holds no copy of where she was), the token never sent to the tile server
    /// or any link's site (no referrer), not indexed, and only this page's own style and script run.
    /// </summary>
    private static void Protect(HttpResponse response, string nonce)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy =
            $"default-src 'none'; img-src 'self' https://tile.openstreetmap.org; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; " +
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /// <summary>Names the page's log category.</summary>
    public sealed class AlertPageRequest;
}
