using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Staff accounts: invited once, a password and an authenticator app (TOTP) both required, the console's authorization
/// code + PKCE, rights from the identity service's own data, sessions revocable; through the gateway on the whole stack.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SigningInStaff(PlatformStack stack)
{
    private const string Password = "correct horse battery staple";
    private static readonly string[] EvidenceRight = ["evidence"];

    [Fact]
    public async Task An_invited_association_admin_chooses_a_password_and_an_authenticator_then_signs_in_to_the_console_with_both()
    {
        var association = Guid.CreateVersion7();
        var (staffId, email, invitation) = await InviteAsync(stack.Tokens.Admin(), association, ["association-admin"]);
        using var browser = new StaffBrowser(stack);
        var secret = await browser.AcceptInvitationAsync(invitation, Password);
        // The link works once.
        using (var again = await browser.GetAsync(invitation))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var signedIn = await browser.SignInAsync(email, Password, secret);
        var tokens = await HerApp.TokensFromAsync(signedIn);
        var claims = HerApp.Claims(tokens.Access);
        Assert.Equal((staffId.ToString(), "operator", association.ToString(), "association-admin"),
            (claims["sub"]!.GetValue<string>(), claims["role"]!.GetValue<string>(), claims["association_id"]!.GetValue<string>(),
                claims["rights"]!.ToString()));
        Assert.InRange(tokens.ExpiresIn, 1, 600);
        using var gateway = stack.Client();
        // Her rights are real: she equips her own operator (an evidence officer), and reads her association's alerts.
        var officer = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/identity/staff", tokens.Access, new
        {
            email = $"officer-{Guid.NewGuid():N}@asso.example", displayName = "Inès", role = "operator", rights = EvidenceRight,
        }, HttpStatusCode.Created);
        Assert.Contains("/account/invitation/", officer["invitationUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var alerts = await Scenario.RequestAsync(gateway, HttpMethod.Get, "/api/alerts?status=active", tokens.Access, null))
        {
            Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        }
        // An operator without the right invites no one.
        using (var refused = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/identity/staff", stack.Tokens.Operator(association),
            new { email = "x@asso.example", displayName = "X", role = "operator" }))
        {
            await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        // Signed out everywhere: the console's token is refused within the bound.
        var sessions = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/identity/staff/{staffId}/sessions", tokens.Access, null,
            HttpStatusCode.OK, array: true);
        Assert.Single(sessions.AsArray());
        await Scenario.SendAsync(gateway, HttpMethod.Post, $"/api/identity/staff/{staffId}/sessions/revocation", tokens.Access, null,
            HttpStatusCode.OK);
        await Eventually.TrueAsync(async () =>
        {
            using var read = await Scenario.RequestAsync(gateway, HttpMethod.Get, "/api/alerts?status=active", tokens.Access, null);
            return read.StatusCode == HttpStatusCode.Unauthorized;
        }, "the revoked session's token to be refused", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_member_of_staff_registers_a_passkey_and_signs_in_to_the_console_with_her_password_and_her_passkey()
    {
        BrowserScript.RequireInstalled();
        var association = Guid.CreateVersion7();
        var (staffId, email, invitation) = await InviteAsync(stack.Tokens.Admin(), association, ["evidence"]);
        using var console = new StaffBrowser(stack);
        var (authorize, verifier, _) = console.NewAuthorization();
        // Passkeys are bound to a host name: the browser uses the gateway as http://localhost:PORT.
        var local = new UriBuilder(stack.Gateway) { Host = "localhost" }.Uri;

        await using var browser = BrowserScript.Run("staff-passkey.mjs", new Uri(local, new Uri(invitation).PathAndQuery).ToString(),
            email, Password, new Uri(local, authorize).ToString());
        await browser.WaitForLineAsync("registered");
        var code = await browser.WaitForLineStartingAsync("code ");
        await browser.WaitForSuccessAsync();

        using var redeemed = await console.RedeemAsync(code["code ".Length..], verifier);
        var claims = HerApp.Claims((await HerApp.TokensFromAsync(redeemed)).Access);
        Assert.Equal((staffId.ToString(), association.ToString(), "evidence"),
            (claims["sub"]!.GetValue<string>(), claims["association_id"]!.GetValue<string>(), claims["rights"]!.ToString()));
        // Without the verifier the console keeps, the same kind of code is worth nothing: PKCE.
        using var stolen = await console.RedeemAsync(code["code ".Length..], "another-verifier-another-verifier-another-verifier");
        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_or_codes_lock_the_account_and_a_code_is_accepted_once()
    {
        var association = Guid.CreateVersion7();
        var (_, email, invitation) = await InviteAsync(stack.Tokens.Admin(), association, []);
        using var browser = new StaffBrowser(stack);
        var secret = await browser.AcceptInvitationAsync(invitation, Password);

        // A password alone signs no one in; five wrong ones lock the account, and then even the right one waits.
        var answers = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            answers.Add(await PasswordAsync(browser, email, $"wrong password {attempt}"));
        }
        answers.Add(await PasswordAsync(browser, email, Password));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], answers);

        // Another account: the right password, then one code used twice (the second time is a replay).
        var (_, other, otherInvitation) = await InviteAsync(stack.Tokens.Admin(), association, []);
        using var otherBrowser = new StaffBrowser(stack);
        var otherSecret = await otherBrowser.AcceptInvitationAsync(otherInvitation, Password);
        using (var first = await otherBrowser.SignInAsync(other, Password, otherSecret))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using var replayBrowser = new StaffBrowser(stack);
        Assert.Equal(HttpStatusCode.OK, await PasswordAsync(replayBrowser, other, Password));
        using var codePage = await replayBrowser.GetAsync("/account/second-factor");
        using var replayed = await replayBrowser.SubmitAsync(await codePage.Content.ReadAsStringAsync(), "/account/second-factor",
            new() { ["code"] = StaffBrowser.Code(otherSecret, stepsAhead: 1) });
        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
    }

    private static async Task<HttpStatusCode> PasswordAsync(StaffBrowser browser, string email, string password)
    {
        using var page = await browser.GetAsync("/account/login");
        using var answer = await browser.SubmitAsync(await page.Content.ReadAsStringAsync(), "/account/login",
            new() { ["email"] = email, ["password"] = password });
        return answer.StatusCode == HttpStatusCode.Redirect ? HttpStatusCode.OK : answer.StatusCode;
    }

    private async Task<(Guid Id, string Email, string InvitationUrl)> InviteAsync(string adminToken, Guid association, string[] rights)
    {
        using var gateway = stack.Client();
        var email = $"staff-{Guid.NewGuid():N}@asso.example";
        var invited = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/identity/staff", adminToken,
            new { email, displayName = "Claire", role = "operator", associationId = association, rights }, HttpStatusCode.Created);
        Assert.InRange(invited["expiresAt"]!.GetValue<DateTimeOffset>() - DateTimeOffset.UtcNow, TimeSpan.FromHours(71.9), TimeSpan.FromHours(72));
        return (invited["id"]!.GetValue<Guid>(), email, invited["invitationUrl"]!.GetValue<string>());
    }
}
