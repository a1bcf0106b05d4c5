using Platform.Alerts.Contracts;
using Platform.Sms;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Platform.Notifications.Api.Following;

/// <summary>
/// The alert page as HTML: small, no external script or style, usable with JavaScript off (a refresh link and a meta
/// refresh), kept up to date by a tiny inline script where JavaScript runs. Everything she or her association wrote is
/// HTML-encoded: her message is text, never markup.
/// </summary>
public static class AlertPageHtml
{
    // Letters stay readable (é, not &#xE9;); markup characters and quotes are always encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The page while the alert runs.</summary>
    /// <param name="pagePath">The page's own path ("/a/{token}"): the form, the refresh link and the script use it.</param>
    /// <param name="nonce">Allows the page's one style and one script under its Content-Security-Policy.</param>
    /// <param name="notSent">Her contact pressed "I'm on my way" and it could not be sent: they must know, and press again.</param>
    public static string Open(AlertPageView.Open view, string pagePath, string nonce, TimeSpan refresh, bool notSent = false)
    {
        var words = AlertPageWords.For(view.Language);
        var body = new StringBuilder();
        if (notSent)
        {
            body.Append("<p class=\"notice\" id=\"not-sent\">").Append(E(words.NotSent)).Append("</p>");
        }
        if (view.Drill)
        {
            body.Append("<p class=\"drill\">").Append(E(words.Drill)).Append("</p>");
        }
        body.Append("<h1>").Append(E(view.NeutralWording ? view.DisplayName : words.NeedsHelp(view.DisplayName))).Append("</h1>");
        body.Append("<p class=\"message\">").Append(E(view.AlertMessage)).Append("</p>");
        body.Append("<section id=\"position\"").Append(view.Position is null ? " hidden" : "").Append('>');
        body.Append("<h2>").Append(E(words.Position)).Append("</h2>");
        // Before any position is known the section stays hidden and empty (no tile fetched), ready for the script to fill.
        var state = view.Position is { } known
            ? AlertPageState.PositionOf(known)
            : new AlertPageState.PositionState(0, 0, 0, DateTimeOffset.UnixEpoch, "", "", []);
        body.Append("<p><span id=\"coordinates\">").Append(E(state.Coordinates)).Append("</span><br>")
            .Append(E(words.Accuracy)).Append(" <span id=\"accuracy\">").Append(E(state.AccuracyMeters.ToString(CultureInfo.InvariantCulture)))
            .Append("</span> m, ").Append(E(words.At)).Append(" <time id=\"captured\" datetime=\"").Append(E(state.CapturedAt.ToString("O", CultureInfo.InvariantCulture)))
            .Append("\">").Append(E(state.CapturedAt.ToString("HH:mm:ss", CultureInfo.InvariantCulture))).Append(" UTC</time></p>");
        body.Append("<p><a id=\"map-link\" href=\"").Append(E(state.MapLink)).Append("\" rel=\"noreferrer noopener\">")
            .Append(E(words.OpenMap)).Append("</a></p>");
        // Tiles around her, her position at the centre. They may not load (no data, tile server down): the coordinates
        // and the link above still say where she is. SVG attributes, not inline styles, place them (a strict CSP).
        body.Append("<svg id=\"map\" viewBox=\"0 0 256 256\" width=\"256\" height=\"256\" role=\"img\" aria-label=\"").Append(E(words.Map))
            .Append("\"><rect width=\"256\" height=\"256\" fill=\"#eee\"/>");
        for (var index = 0; index < 4; index++)
        {
            var piece = index < state.MapTiles.Count ? state.MapTiles[index] : null;
            body.Append("<image id=\"tile-").Append(index).Append("\" width=\"256\" height=\"256\" x=\"")
                .Append((piece?.Left ?? -256).ToString(CultureInfo.InvariantCulture)).Append("\" y=\"")
                .Append((piece?.Top ?? -256).ToString(CultureInfo.InvariantCulture)).Append('"');
            if (piece is not null)
            {
                body.Append(" href=\"").Append(E(piece.Url)).Append("\" xlink:href=\"").Append(E(piece.Url)).Append('"');
            }
            body.Append("/>");
        }
        body.Append("<circle cx=\"128\" cy=\"128\" r=\"9\"/></svg>")
            .Append("<p class=\"small\">").Append(E(words.MapCredit)).Append("</p>");
        body.Append("</section>");
        body.Append("<p id=\"no-position\"").Append(view.Position is null ? "" : " hidden").Append('>').Append(E(words.NoPositionYet)).Append("</p>");
        body.Append("<p id=\"coming\"").Append(view.SomeoneOnTheWay && !view.YouAnswered ? "" : " hidden").Append('>')
            .Append(E(words.SomeoneOnTheWay)).Append("</p>");
        if (view.YouAnswered)
        {
            body.Append("<p id=\"answered\" class=\"answered\">").Append(E(words.AnswerSent)).Append("</p>");
        }
        else
        {
            body.Append("<form method=\"post\" action=\"").Append(E(pagePath)).Append("/on-my-way\"><button type=\"submit\" id=\"on-my-way\">")
                .Append(E(words.OnMyWay)).Append("</button></form>");
        }
        body.Append("<p class=\"small\"><a href=\"").Append(E(pagePath)).Append("\">").Append(E(words.Refresh)).Append("</a> - ")
            .Append(E(words.Updated)).Append("</p>");
        body.Append("<script nonce=\"").Append(nonce).Append("\">").Append(Script(refresh)).Append("</script>");
        return Document(view.Language, view.DisplayName, nonce, body.ToString(), refresh);
    }

    /// <summary>The alert ended within the grace period: only that, in the contact's words.</summary>
    public static string Over(AlertPageView.Over view, string nonce)
    {
        var words = AlertPageWords.For(view.Language);
        var said = view.NeutralWording ? words.NoLongerActive : words.AlertOver;
        return Document(view.Language, said, nonce, $"<h1>{E(said)}</h1>", refresh: null);
    }

    /// <summary>The one refusal, whatever its reason, in both languages (nothing is known of whoever asks).</summary>
    public static string Refused(string nonce) =>
        Document("fr", "-", nonce, $"<h1>{E(AlertPageWords.French.NotAvailable)}</h1><p lang=\"en\">{E(AlertPageWords.English.NotAvailable)}</p>",
            refresh: null);

    /// <summary>Something failed on our side: nothing of her, a request to try again, in both languages.</summary>
    public static string Unavailable(string nonce) =>
        Document("fr", "-", nonce, $"<h1>{E(AlertPageWords.French.TryAgain)}</h1><p lang=\"en\">{E(AlertPageWords.English.TryAgain)}</p>",
            refresh: null);

    private static string Document(string language, string title, string nonce, string body, TimeSpan? refresh)
    {
        var page = new StringBuilder(4096);
        page.Append("<!DOCTYPE html><html lang=\"").Append(E(language == "en" ? "en" : "fr")).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow\"><meta name=\"referrer\" content=\"no-referrer\">");
        if (refresh is { } every)
        {
            // Without JavaScript the page reloads itself, a little less often than the script asks.
            var seconds = Math.Max(10, (int)Math.Ceiling(every.TotalSeconds * 3));
            page.Append("<noscript><meta http-equiv=\"refresh\" content=\"").Append(seconds.ToString(CultureInfo.InvariantCulture))
                .Append("\"></noscript>");
        }
        page.Append("<title>").Append(E(title)).Append("</title><style nonce=\"").Append(nonce).Append("\">").Append(Style).Append("</style>")
            .Append("</head><body>").Append(body).Append("</body></html>");
        return page.ToString();
    }

    private static string E(string text) => Encoder.Encode(text);

    private const string Style =
        "body{font-family:sans-serif;margin:0 auto;padding:12px;max-width:32em;line-height:1.4}" +
        "h1{font-size:1.4em}h2{font-size:1.1em;margin-bottom:0}.message{white-space:pre-line;font-size:1.2em;border-left:4px solid #c00;padding-left:8px}" +
        "#map{display:block;max-width:100%}" +
        "circle{fill:#c00;fill-opacity:.8;stroke:#fff;stroke-width:3}" +
        "button{font-size:1.3em;padding:14px 24px;width:100%;background:#060;color:#fff;border:0;border-radius:6px}" +
        ".answered{font-size:1.2em;color:#060;font-weight:bold}.drill,.notice{background:#ffd;padding:6px;font-weight:bold}.small{font-size:.85em;color:#555}" +
        "[hidden]{display:none}";

    /// <summary>ES5 and XMLHttpRequest only: the browsers of cheap phones run it.</summary>
    private static string Script(TimeSpan refresh) =>
        """
        (function () {
          var state = location.pathname.replace(/\/+$/, '') + '/state';
          function el(id) { return document.getElementById(id); }
          function local(iso) { var d = new Date(iso); return isNaN(d.getTime()) ? '' : d.toLocaleTimeString(); }
          var xlink = 'http://www.w3.org/1999/xlink';
          var captured = el('captured');
          if (captured && local(captured.getAttribute('datetime'))) { captured.textContent = local(captured.getAttribute('datetime')); }
          function show(p) {
            el('coordinates').textContent = p.coordinates;
            el('accuracy').textContent = p.accuracyMeters;
            captured.setAttribute('datetime', p.capturedAt);
            captured.textContent = local(p.capturedAt) || p.capturedAt;
            el('map-link').setAttribute('href', p.mapLink);
            for (var i = 0; i < 4; i++) {
              var image = el('tile-' + i), piece = p.mapTiles[i];
              if (!piece) { image.setAttribute('x', -256); continue; }
              if (image.getAttribute('href') !== piece.url) { image.setAttribute('href', piece.url); image.setAttributeNS(xlink, 'xlink:href', piece.url); }
              image.setAttribute('x', piece.left);
              image.setAttribute('y', piece.top);
            }
            el('position').hidden = false;
            el('no-position').hidden = true;
          }
          function tick() {
            var request = new XMLHttpRequest();
            request.open('GET', state, true);
            request.setRequestHeader('Accept', 'application/json');
            request.onload = function () {
              // Refused (a removed contact) or over: the page itself says so.
              if (request.status === 404) { location.reload(); return; }
              if (request.status !== 200) { return; }
              var s = JSON.parse(request.responseText);
              if (s.over) { location.reload(); return; }
              if (s.position) { show(s.position); }
              if (s.someoneOnTheWay && !el('answered')) { el('coming').hidden = false; }
            };
            request.send();
          }
          setInterval(tick, 
        """ + ((int)refresh.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + ");\n})();";
}

/// <summary>The page's words in the contact's language (French unless they read English), "tu" as in her SMS.</summary>
public sealed record AlertPageWords(string Drill, Func<string, string> NeedsHelp, string Position, string Accuracy, string At,
    string OpenMap, string Map, string MapCredit, string NoPositionYet, string SomeoneOnTheWay, string OnMyWay, string AnswerSent,
    string Refresh, string Updated, string AlertOver, string NoLongerActive, string NotAvailable, string NotSent, string TryAgain)
{
    public static readonly AlertPageWords French = new("TEST (exercice) : ce n'est pas une vraie alerte.",
        name => $"{name} a besoin d'aide", "Position", "Précision", "à", "Ouvrir la carte", "Carte", "Carte © les contributeurs d'OpenStreetMap",
        "Position pas encore connue.", "Quelqu'un a déjà dit arriver.", "J'arrive", "Ta réponse a été envoyée : on sait que tu arrives.",
        "Actualiser", "la position se met à jour toute seule.", "L'alerte est terminée. Merci.", "Cette page n'est plus active.",
        "Cette page n'est pas disponible.", "Ta réponse n'a pas pu être envoyée. Réessaie dans un instant.",
        "Cette page ne répond pas pour le moment. Réessaie dans un instant.");

    public static readonly AlertPageWords English = new("TEST (drill): this is not a real alert.",
        name => $"{name} needs help", "Position", "Accuracy", "at", "Open the map", "Map", "Map © OpenStreetMap contributors",
        "Position not known yet.", "Someone has already said they are on their way.", "I'm on my way",
        "Your answer was sent: they know you are on your way.", "Refresh", "the position updates by itself.",
        "The alert is over. Thank you.", "This page is no longer active.", "This page is not available.",
        "Your answer could not be sent. Try again in a moment.", "This page is not answering right now. Try again in a moment.");

    public static AlertPageWords For(string language) => language == "en" ? English : French;
}

/// <summary>What the page's script asks for every few seconds (GET /a/{token}/state).</summary>
public sealed record AlertPageState(bool Over, bool SomeoneOnTheWay, bool YouAnswered, AlertPageState.PositionState? Position)
{
    /// <param name="Coordinates">As the page and the SMS print them: "45.77722, 3.08703".</param>
    /// <param name="MapTiles">The map square around her (<see cref="OsmTile.Around"/>).</param>
    public sealed record PositionState(double Latitude, double Longitude, long AccuracyMeters, DateTimeOffset CapturedAt,
        string Coordinates, string MapLink, IReadOnlyList<MapPiece> MapTiles);

    public static readonly AlertPageState Ended = new(true, false, false, null);

    public static AlertPageState Of(AlertPageView.Open view) =>
        new(false, view.SomeoneOnTheWay, view.YouAnswered, view.Position is { } position ? PositionOf(position) : null);

    public static PositionState PositionOf(AlertLocation position) =>
        new(position.Latitude, position.Longitude, (long)Math.Round(position.AccuracyMeters), position.CapturedAt,
            string.Create(CultureInfo.InvariantCulture, $"{position.Latitude:F5}, {position.Longitude:F5}"),
            AlertSmsLayout.MapLink(position.Latitude, position.Longitude), OsmTile.Around(position.Latitude, position.Longitude));
}
