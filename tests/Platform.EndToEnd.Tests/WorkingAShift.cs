using Platform.Testing;
using System.Net;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The association console in Debian's chromium, through the gateway on the whole stack: an operator signs in with her
/// password and her passkey, a press appears on her open board without a reload, she opens it with the keyboard, sees
/// her trail move, takes it in hand (the on-call phone stops being paged) and resolves it; then she enrols a woman, adds
/// her contact, gives her app an activation code (which the app exchanges) and cuts off a seized phone. Every screen is
/// checked with axe-core (no serious or critical violation).
/// </summary>
[Collection(StackCollection.Name)]
public sealed class WorkingAShift(PlatformStack stack)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task An_operator_signs_in_sees_a_press_arrive_on_her_board_takes_it_in_hand_and_resolves_it()
    {
        BrowserScript.RequireInstalled();
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        var onCallPhone = await Scenario.OnCallAroundTheClockAsync(stack, she);
        using var gateway = stack.Client();
        // The on-call phone is called 2 s after the press and again every 5 s, until her association answers.
        await Scenario.SendAsync(gateway, HttpMethod.Put, "/api/alerts/escalation-policy", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { voiceCallsAfterSeconds = 1, onCallAfterSeconds = 2, repeatEverySeconds = 5 }, HttpStatusCode.OK);
        var email = $"staff-{Guid.NewGuid():N}@asso.example";
        var invited = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/identity/staff", stack.Tokens.Admin(),
            new { email, displayName = "Claire Martin", role = "operator", associationId = she.AssociationId, rights = Array.Empty<string>() },
            HttpStatusCode.Created);
        // Passkeys are bound to a host name: the browser uses the gateway as http://localhost:PORT.
        var local = new UriBuilder(stack.Gateway) { Host = "localhost" }.Uri;
        var screenshots = Environment.GetEnvironmentVariable("PLATFORM_CONSOLE_SCREENSHOTS");

        string[] arguments = [new Uri(local, "/console/").ToString(),
            new Uri(local, new Uri(invited["invitationUrl"]!.GetValue<string>()).PathAndQuery).ToString(), email, Password,
            .. screenshots is null ? Array.Empty<string>() : [screenshots]];
        await using var browser = BrowserScript.Run("console-shift.mjs", arguments);
        await browser.WaitForLineAsync("board");
        await browser.WaitForLineAsync("axe board 0");

        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        await browser.WriteLineAsync($"expect-alert {alertId} Camille");
        await browser.WaitForLineAsync("appeared");
        await browser.WaitForLineAsync("axe board-with-alert 0");
        await browser.WaitForLineAsync("opened");
        await browser.WaitForLineAsync("axe alert 0");

        // Her phone sends a new fix: the open page shows it without a reload.
        await Scenario.ShareLocationAsync(gateway, she, alertId, 45.7801, 3.0902, 8, DateTimeOffset.UtcNow);
        await browser.WriteLineAsync("expect-trail 2");
        await browser.WaitForLineAsync("trail 2");

        // The on-call phone is being paged; once she takes the alert in hand, it is not called again.
        await Eventually.TrueAsync(async () => (await Scenario.CallsToAsync(stack, onCallPhone)).Count >= 1, "the on-call phone to be paged");
        await browser.WriteLineAsync("handle");
        await browser.WaitForLineAsync("handled");
        var callsWhenHandled = (await Scenario.CallsToAsync(stack, onCallPhone)).Count;
        // Longer than a repeat interval (5 s) and a step's dispatch.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Equal(callsWhenHandled, (await Scenario.CallsToAsync(stack, onCallPhone)).Count);

        await browser.WriteLineAsync("resolve Elle est en sécurité");
        await browser.WaitForLineAsync("resolved");
        // Her caseload: she enrols a woman, adds a contact, gives her app a code; the app signs in with it; her phone
        // is seized and she signs it out everywhere.
        await browser.WriteLineAsync("caseload");
        await browser.WaitForLineAsync("axe caseload 0");
        await browser.WriteLineAsync("enrol Inès|Je suis en danger, appelez la police.");
        var enrolled = Guid.Parse((await browser.WaitForLineStartingAsync("enrolled "))["enrolled ".Length..]);
        await browser.WriteLineAsync("add-contact Sa sœur|06 12 34 56 78");
        await browser.WaitForLineAsync("contact-added");
        await browser.WriteLineAsync("code");
        var code = (await browser.WaitForLineStartingAsync("code "))["code ".Length..];
        await browser.WaitForLineAsync("axe woman 0");
        using (var exchanged = await HerApp.ExchangeAsync(gateway, code))
        {
            var claims = HerApp.Claims((await HerApp.TokensFromAsync(exchanged)).Access);
            Assert.Equal((enrolled.ToString(), she.AssociationId.ToString()),
                (claims["sub"]!.GetValue<string>(), claims["association_id"]!.GetValue<string>()));
        }
        await browser.WriteLineAsync("seized");
        Assert.Contains("1 session", await browser.WaitForLineStartingAsync("seized "), StringComparison.Ordinal);
        await browser.WriteLineAsync("done");
        await browser.WaitForSuccessAsync();

        // The console renewed her token along the way (each renewal a new refresh token, the old one spent): her shift
        // does not end when her first 10-minute token does.
        await using (var connection = new Npgsql.NpgsqlConnection(stack.PostgresConnectionString))
        {
            await connection.OpenAsync();
            await using var renewals = new Npgsql.NpgsqlCommand(
                "select count(*) from identity.\"OpenIddictTokens\" where \"Subject\" = @staff and \"Type\" like '%refresh_token'", connection);
            renewals.Parameters.AddWithValue("staff", invited["id"]!.GetValue<Guid>().ToString());
            Assert.InRange((long)(await renewals.ExecuteScalarAsync())!, 3, long.MaxValue);
        }

        var alert = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null, HttpStatusCode.OK);
        Assert.Equal(("resolved", "safe"), (alert["status"]!.GetValue<string>(), alert["resolution"]!["outcome"]!.GetValue<string>()));
        Assert.Equal("Rappelée, elle est chez sa sœur.", alert["resolution"]!["note"]!.GetValue<string>());
    }
}
