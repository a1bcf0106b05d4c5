using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Following;
using static Platform.Notifications.Tests.NotificationScenarios;

namespace Platform.Notifications.Tests;

public sealed class ShowingTheAlertPage
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);
    private static readonly EmergencyContact Sister = Contact(1, name: "Sophie");
    private const string PagePath = "/a/AbCdEfGhIjKlMnOpQrStUvWxYz0";
    private const string Nonce = "bm9uY2U=";

    private static AlertPageLink Link(AlertLocation? sent = null) =>
        new("link-id", Association, Beneficiary, AlertId, Sister.ContactId, Drill: false, sent ?? At());

    private static AlertPageView Decide(AlertPageLink? link = null, Api.Contacts.ContactsCopy? her = null, ClosedAlert? closed = null,
        LiveAlert? live = null, AlertPageAnswer? answer = null) =>
        AlertPageView.Decide(link ?? Link(), her ?? Her(Sister), closed, live, answer, Now, Grace);

    [Fact]
    public void While_the_alert_runs_the_contact_sees_her_name_her_message_and_where_she_was_sent_from()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide());

        Assert.Equal(("Camille", AlertMessage, At(), "Sophie", false), (open.DisplayName, open.AlertMessage, open.Position, open.ContactName,
            open.YouAnswered));
    }

    [Fact]
    public void A_newer_position_replaces_the_one_the_sms_gave_and_an_older_one_does_not()
    {
        var newer = At(45.78) with { CapturedAt = Now.AddSeconds(30) };
        var older = At(45.70) with { CapturedAt = Now.AddSeconds(-30) };

        Assert.Equal(newer, Assert.IsType<AlertPageView.Open>(Decide(live: new LiveAlert(AlertId, newer, false))).Position);
        Assert.Equal(At(), Assert.IsType<AlertPageView.Open>(Decide(live: new LiveAlert(AlertId, older, false))).Position);
    }

    [Fact]
    public void A_contact_she_removed_is_refused_at_once()
    {
        Assert.IsType<AlertPageView.Refused>(Decide(her: Her(Contact(1))));
    }

    [Theory]
    [InlineData(ContactConsent.Pending)]
    [InlineData(ContactConsent.Declined)]
    [InlineData(ContactConsent.Lapsed)]
    public void A_contact_who_no_longer_accepts_is_refused(ContactConsent consent)
    {
        Assert.IsType<AlertPageView.Refused>(Decide(her: Her(Sister with { Consent = consent })));
    }

    [Fact]
    public void An_unknown_link_or_one_of_another_association_is_refused()
    {
        Assert.IsType<AlertPageView.Refused>(AlertPageView.Decide(null, Her(Sister), null, null, null, Now, Grace));
        Assert.IsType<AlertPageView.Refused>(Decide(her: Her(Sister) with { AssociationId = Guid.NewGuid() }));
    }

    [Fact]
    public void Within_the_grace_period_after_the_end_the_page_says_it_is_over_and_nothing_else()
    {
        var over = Decide(closed: new ClosedAlert(AlertId, Now.AddMinutes(-14)));

        Assert.Equal(new AlertPageView.Over("fr", NeutralWording: false), over);
    }

    [Fact]
    public void After_the_grace_period_the_link_is_refused()
    {
        Assert.IsType<AlertPageView.Refused>(Decide(closed: new ClosedAlert(AlertId, Now.AddMinutes(-15))));
        Assert.IsType<AlertPageView.Refused>(AlertPageView.Decide(Link(), Her(Sister), new ClosedAlert(AlertId, Now), null, null, Now,
            TimeSpan.Zero));
    }

    [Fact]
    public void Her_message_is_text_never_markup()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide(her: Her(Sister) with
        {
            AlertMessage = "<script>alert('x')</script> & \"viens\"",
            DisplayName = "<b>Camille</b>",
        }));

        var html = AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5));

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Camille", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;viens&quot;", html, StringComparison.Ordinal);
        // Only the page's own script, allowed by its nonce.
        Assert.Single(html.Split("<script").Skip(1));
        Assert.Contains($"<script nonce=\"{Nonce}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_shows_her_coordinates_accuracy_a_map_link_and_the_tile_and_posts_on_my_way_to_itself()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide());

        var html = AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5));

        Assert.Contains("Camille a besoin d&#x27;aide", html, StringComparison.Ordinal);
        Assert.Contains(">45.77720, 3.08700<", html, StringComparison.Ordinal);
        Assert.Contains(">12</span> m", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.openstreetmap.org/?mlat=45.77720&amp;mlon=3.08700#map=17/45.77720/3.08700\"", html,
            StringComparison.Ordinal);
        Assert.All(OsmTile.Around(45.7772, 3.087), piece => Assert.Contains(
            $"x=\"{piece.Left}\" y=\"{piece.Top}\" href=\"{piece.Url}\"", html, StringComparison.Ordinal));
        Assert.Contains("<meta name=\"referrer\" content=\"no-referrer\">", html, StringComparison.Ordinal);
        Assert.Contains($"<form method=\"post\" action=\"{PagePath}/on-my-way\">", html, StringComparison.Ordinal);
        Assert.Contains(">J&#x27;arrive</button>", html, StringComparison.Ordinal);
        // Without JavaScript it reloads itself and has a link to do so.
        Assert.Contains("<noscript><meta http-equiv=\"refresh\"", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{PagePath}\">Actualiser</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_the_contact_answered_the_page_says_so_instead_of_the_button()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide(answer: new AlertPageAnswer("link-id", AlertId, Now)));

        var html = AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5));

        Assert.True(open.YouAnswered);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.Contains("Ta réponse a été envoyée", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_neutral_wording_the_page_never_says_she_needs_help_or_that_an_alert_ended()
    {
        var her = Her(Sister) with { NeutralWording = true, AlertMessage = "Rappelle-moi vite." };
        var open = Assert.IsType<AlertPageView.Open>(Decide(her: her));
        var over = Assert.IsType<AlertPageView.Over>(Decide(her: her, closed: new ClosedAlert(AlertId, Now)));

        var pages = new[] { AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5)), AlertPageHtml.Over(over, Nonce) };

        foreach (var page in pages)
        {
            Assert.DoesNotContain("aide", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("alerte", page, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void An_english_speaking_contact_reads_the_page_in_english()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide(her: Her(Sister with { Language = "en" })));

        var html = AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5));

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("Camille needs help", html, StringComparison.Ordinal);
        Assert.Contains(">I&#x27;m on my way</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_says_nothing_of_her_or_why()
    {
        var html = AlertPageHtml.Refused(Nonce);

        Assert.Contains("Cette page n&#x27;est pas disponible.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Camille", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_the_script_polls_gives_the_position_as_the_page_prints_it()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide(live: new LiveAlert(AlertId, null, SomeoneOnTheWay: true)));

        var state = AlertPageState.Of(open);

        Assert.Equal((false, true, false), (state.Over, state.SomeoneOnTheWay, state.YouAnswered));
        Assert.Equal(("45.77720, 3.08700", 12L), (state.Position!.Coordinates, state.Position.AccuracyMeters));
        Assert.Equal(OsmTile.Around(45.7772, 3.087), state.Position.MapTiles);
    }

    [Fact]
    public void Before_any_position_is_known_the_page_fetches_no_tile()
    {
        var open = Assert.IsType<AlertPageView.Open>(Decide(link: Link() with { SentPosition = null }));

        var html = AlertPageHtml.Open(open, PagePath, Nonce, TimeSpan.FromSeconds(5));

        Assert.Contains("Position pas encore connue.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tile.openstreetmap.org", html, StringComparison.Ordinal);
    }
}
