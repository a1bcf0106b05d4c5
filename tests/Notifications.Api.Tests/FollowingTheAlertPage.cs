using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

/// <summary>Her alert page, opened from the link in her contact's SMS (anonymous: the link is the credential).</summary>
public sealed partial class FollowingTheAlertPage(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task The_sms_links_to_her_page_which_shows_her_message_and_position_and_is_never_cached_or_indexed()
    {
        var (her, sister, page) = await AlertReachingSisterAsync();
        using var client = host.CreateClient();

        using var response = await client.GetAsync(new Uri(page, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(HerMessage, html, StringComparison.Ordinal);
        Assert.Contains("Camille", html, StringComparison.Ordinal);
        Assert.Contains(">48.85661, 2.35222<", html, StringComparison.Ordinal);
        Assert.Contains("https://tile.openstreetmap.org/16/", html, StringComparison.Ordinal);
        Assert.DoesNotContain(sister.Phone, html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("noindex, nofollow", Header(response, "X-Robots-Tag"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("img-src 'self' https://tile.openstreetmap.org;", policy, StringComparison.Ordinal);
        var nonce = NoncePattern().Match(policy).Groups[1].Value;
        Assert.Contains($"<script nonce=\"{nonce}\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_state_the_page_polls_follows_her_newest_position_and_says_when_someone_is_coming()
    {
        var (her, _, page) = await AlertReachingSisterAsync();
        using var client = host.CreateClient();
        var moved = new AlertLocationUpdated(Guid.CreateVersion7(), DateTimeOffset.UtcNow, her.Association, her.AlertId,
            new AlertLocation(48.86, 2.36, 8, DateTimeOffset.UtcNow.AddSeconds(5)));

        await host.PublishAsync(moved, moved.EventId);

        var state = await Eventually.ValueAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonObject>(new Uri($"{page}/state", UriKind.Relative));
            return (current!["position"]!["coordinates"]!.GetValue<string>() == "48.86000, 2.36000", current);
        }, "the new position on the page");
        Assert.Equal(8, state["position"]!["accuracyMeters"]!.GetValue<int>());
        Assert.False(state["over"]!.GetValue<bool>());
        Assert.False(state["someoneOnTheWay"]!.GetValue<bool>());
        // An older fix arriving late changes nothing.
        var late = moved with { EventId = Guid.CreateVersion7(), Location = new AlertLocation(1, 1, 1, DateTimeOffset.UtcNow.AddMinutes(-5)) };
        await host.PublishAsync(late, late.EventId);
        var someoneElse = her.Acknowledged(Guid.CreateVersion7());
        await host.PublishAsync(someoneElse, someoneElse.EventId);
        state = await Eventually.ValueAsync(async () =>
        {
            var current = await client.GetFromJsonAsync<JsonObject>(new Uri($"{page}/state", UriKind.Relative));
            return (current!["someoneOnTheWay"]!.GetValue<bool>(), current);
        }, "someone on the way");
        Assert.Equal("48.86000, 2.36000", state["position"]!["coordinates"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_my_way_acknowledges_for_that_contact_once_whatever_the_presses_and_the_page_says_it_was_sent()
    {
        var (her, sister, page) = await AlertReachingSisterAsync();
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var first = await client.PostAsync(new Uri($"{page}/on-my-way", UriKind.Relative), null);
        using var second = await client.PostAsync(new Uri($"{page}/on-my-way", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        Assert.Equal(page, first.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.SeeOther, second.StatusCode);
        var (messageId, acknowledgement, _) = await acknowledged.FirstAsync(a => a.AlertId == her.AlertId);
        Assert.Equal((sister.ContactId, "Sophie", ResponderKind.Contact, NotificationChannel.AlertPage, her.Association),
            (acknowledgement.ResponderId, acknowledgement.ResponderName, acknowledgement.ResponderKind, acknowledgement.Channel,
                acknowledgement.AssociationId));
        Assert.Equal(acknowledgement.EventId, messageId);
        // The id every channel uses for this contact and alert: alerts records it once, however often and however sent.
        Assert.Equal(Acknowledgement.EventIdFor(her.AlertId, sister.ContactId), acknowledgement.EventId);
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.All.Count(a => a.Message.AlertId == her.AlertId) == 2), "both presses");
        Assert.Single(acknowledged.All.Where(a => a.Message.AlertId == her.AlertId).Select(a => a.Message.EventId).Distinct());
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.Contains("Ta réponse a été envoyée", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_she_removed_is_refused_at_once_and_their_press_acknowledges_nothing()
    {
        var her = New();
        var (sister, brother) = (Contact(1, name: "Sophie"), Contact(1, name: "Karim"));
        await host.KnownContactsAsync(her.Contacts(sister, brother));
        var alert = her.Triggered();
        await host.PublishAsync(alert, alert.EventId);
        var sisterPage = PageIn(await host.WaitForSmsAsync(sister.Phone));
        var brotherPage = PageIn(await host.WaitForSmsAsync(brother.Phone));
        var acknowledged = await host.WatchAsync<NotificationAcknowledged>();
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using (var before = await client.GetAsync(new Uri(brotherPage, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await host.KnownContactsAsync(her.Contacts(sister) with { Version = 2 });

        await AssertRefusedAsync(client, brotherPage);
        using (var press = await client.PostAsync(new Uri($"{brotherPage}/on-my-way", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, press.StatusCode);
        }
        using (var sisterPress = await client.PostAsync(new Uri($"{sisterPage}/on-my-way", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.SeeOther, sisterPress.StatusCode);
        }
        // Published after the refused press was answered: once it is here, the refused one would be too.
        await acknowledged.FirstAsync(a => a.ResponderId == sister.ContactId);
        Assert.DoesNotContain(acknowledged.All, a => a.Message.ResponderId == brother.ContactId);
    }

    [Fact]
    public async Task Once_resolved_the_page_says_only_that_it_is_over_then_after_the_grace_period_refuses()
    {
        var (her, _, page) = await AlertReachingSisterAsync();
        using var client = host.CreateClient();
        var resolved = new AlertResolved(Guid.CreateVersion7(), DateTimeOffset.UtcNow, her.Association, her.AlertId, Guid.CreateVersion7(),
            AlertOutcome.Safe);

        await host.PublishAsync(resolved, resolved.EventId);
        await ClosedAsync(her.AlertId);

        using (var over = await client.GetAsync(new Uri(page, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, over.StatusCode);
            var html = await over.Content.ReadAsStringAsync();
            Assert.Contains("L'alerte est terminée", html.Replace("&#x27;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(HerMessage, html, StringComparison.Ordinal);
            Assert.DoesNotContain("48.85661", html, StringComparison.Ordinal);
            Assert.DoesNotContain("openstreetmap", html, StringComparison.Ordinal);
        }
        var state = await client.GetFromJsonAsync<JsonObject>(new Uri($"{page}/state", UriKind.Relative));
        Assert.True(state!["over"]!.GetValue<bool>());
        Assert.Null(state["position"]);
        await Eventually.TrueAsync(async () =>
        {
            using var later = await client.GetAsync(new Uri(page, UriKind.Relative));
            return later.StatusCode == HttpStatusCode.NotFound;
        }, "the grace period to end", NotificationsHost.AlertPageGracePeriod + TimeSpan.FromSeconds(20));
        await AssertRefusedAsync(client, page);
    }

    [Fact]
    public async Task A_forged_or_altered_link_is_refused_like_any_other()
    {
        var (_, _, page) = await AlertReachingSisterAsync();
        using var client = host.CreateClient();
        var token = page["/a/".Length..];
        var altered = $"/a/{(token[0] == 'A' ? 'B' : 'A')}{token[1..]}";

        await AssertRefusedAsync(client, altered);
        await AssertRefusedAsync(client, "/a/AAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await AssertRefusedAsync(client, "/a/not-a-token");
    }

    [Fact]
    public async Task An_excuse_request_carries_no_link()
    {
        var her = New();
        var sister = Contact(1);
        await host.KnownContactsAsync(her.Contacts(sister));
        var excuse = her.Triggered(response: AlertResponse.CallMeWithAnExcuse);

        await host.PublishAsync(excuse, excuse.EventId);

        var body = (await host.WaitForSmsAsync(sister.Phone))[0]["body"]!.GetValue<string>();
        Assert.DoesNotContain("/a/", body, StringComparison.Ordinal);
    }

    private async Task<(AlertScenario Her, Platform.Contacts.Contracts.EmergencyContact Sister, string Page)> AlertReachingSisterAsync()
    {
        var her = New();
        var sister = Contact(1, name: "Sophie");
        await host.KnownContactsAsync(her.Contacts(sister));
        var alert = her.Triggered();
        await host.PublishAsync(alert, alert.EventId);
        return (her, sister, PageIn(await host.WaitForSmsAsync(sister.Phone)));
    }

    /// <summary>The page's path, from the link at the end of the SMS.</summary>
    private static string PageIn(IReadOnlyList<JsonObject> sms)
    {
        var body = sms[0]["body"]!.GetValue<string>();
        var link = LinkPattern().Match(body);
        Assert.True(link.Success, "the alert SMS carries no link to her page");
        Assert.EndsWith(link.Value, body, StringComparison.Ordinal);
        return link.Groups[1].Value;
    }

    private static async Task AssertRefusedAsync(HttpClient client, string page)
    {
        foreach (var path in new[] { page, $"{page}/state" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("Cette page n&#x27;est pas disponible.", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Camille", html, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        }
    }

    private static string Header(HttpResponseMessage response, string name) => string.Join(", ", response.Headers.GetValues(name));

    private Task ClosedAsync(Guid alertId) => Eventually.TrueAsync(async () =>
    {
        await using var session = host.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        return await session.LoadAsync<ClosedAlert>(alertId) is not null;
    }, "the alert closed");

    [GeneratedRegex($"{NotificationsHost.PublicBaseUrl}(/a/[A-Za-z0-9_-]{{27}})")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NoncePattern();
}
