using Platform.Testing;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Her alert page as her contact opens it from the SMS, in a real browser (Debian's headless chromium, driven by
/// tests/alert-page/alert-page.mjs with playwright-core), through the gateway of the running platform.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FollowingTheAlertPage(PlatformStack stack)
{
    [Fact]
    public async Task A_contact_follows_her_position_live_says_on_my_way_and_the_timeline_shows_it_and_the_link_dies_with_the_alert()
    {
        BrowserScript.RequireInstalled();
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        await Scenario.WaitForSmsAsync(stack, she, count: 1);
        var sisterPage = await PageLinkReceivedByAsync(she.ContactPhones[0]);
        var brotherPage = await PageLinkReceivedByAsync(she.ContactPhones[1]);
        Assert.NotEqual(sisterPage, brotherPage);

        // Her sister opens the link in her phone's browser and sees her message and where she pressed.
        await using (var browser = BrowserScript.Start("follow", sisterPage.ToString(), she.AlertMessage, "45.77722, 3.08703"))
        {
            await browser.WaitForLineAsync("opened");
            // She moves: her phone sends a newer fix, which the page shows without being reloaded by anyone.
            await Scenario.ShareLocationAsync(gateway, she, alertId, 45.78, 3.09, 8, DateTimeOffset.UtcNow.AddSeconds(20));
            await browser.WriteLineAsync("expect 45.78000, 3.09000");
            await browser.WaitForLineAsync("moved 45.78000, 3.09000");
            await browser.WaitForLineAsync("answered");
            await browser.WaitForSuccessAsync();
        }

        // "On my way" reached the alert's timeline as her sister's acknowledgement.
        var acknowledged = await Eventually.ValueAsync(async () =>
        {
            var alert = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK);
            var entry = alert["timeline"]!.AsArray().FirstOrDefault(e => e!["kind"]!.GetValue<string>() == "acknowledged");
            return (entry is not null, entry);
        }, "the acknowledgement in the alert's timeline");
        Assert.Equal(she.ContactIds[0], acknowledged!["contactId"]!.GetValue<Guid>());
        Assert.Equal("alertPage", acknowledged["channel"]!.GetValue<string>());

        // Her brother is removed from her contacts: his link stops working as soon as notifications hears of it.
        await Scenario.RemoveContactAsync(gateway, she, she.ContactIds[1]);
        await RefusedAsync(gateway, brotherPage);

        // The alert is resolved (this stack runs with no grace period): her sister's link is refused too.
        await Scenario.ResolveAsync(gateway, she, alertId);
        await RefusedAsync(gateway, sisterPage);
    }

    private async Task<Uri> PageLinkReceivedByAsync(string phone) =>
        Scenario.AlertPageLinkIn(stack, (await Scenario.AlertSmsReceivedByAsync(stack, phone))[0]["body"]!.GetValue<string>());

    /// <summary>Waits until the gateway refuses the link, then checks the browser shows the refusal page.</summary>
    private static async Task RefusedAsync(HttpClient gateway, Uri page)
    {
        await Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.GetAsync(page);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, "the link to be refused");
        await using var browser = BrowserScript.Start("refused", page.ToString());
        await browser.WaitForLineAsync("refused");
        await browser.WaitForSuccessAsync();
    }
}
