using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpNet;
using Platform.ServiceDefaults.Authentication;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Identity.Tests;

/// <summary>Where the two identity services listen: the association's own provider, and the platform's.</summary>
public static class FederationPorts
{
    public static readonly int Outside = IdentityHost.FreePort();
    public static readonly int Platform = IdentityHost.FreePort();
    /// <summary>Two host names, so each site keeps its own cookies (a browser keys them by host, not port).</summary>
    public static readonly Uri OutsideIssuer = new($"http://127.0.0.1:{Outside}/");
    public static readonly Uri PlatformIssuer = new($"http://localhost:{Platform}/");
    public static readonly Uri ConsoleCallback = new(PlatformIssuer, "console/signin-oidc");
}

/// <summary>
/// The association's own OpenID Connect provider (in the part of Keycloak or Entra ID): a second identity service, a real
/// OIDC server with its own accounts, keys and database, where the platform is registered as a public client.
/// </summary>
public sealed class TheAssociationsProvider() : IdentityHost(FederationPorts.OutsideIssuer, listen: true, new Dictionary<string, string?>
{
    ["Identity:ConsoleRedirectUris:0"] = new Uri(FederationPorts.PlatformIssuer, "account/outside/callback").ToString(),
});

/// <summary>The platform's identity service, federating the association's provider for staff.</summary>
public sealed class FederatingIdentity() : IdentityHost(FederationPorts.PlatformIssuer, listen: true, new Dictionary<string, string?>
{
    ["Identity:Federation:Issuer"] = FederationPorts.OutsideIssuer.ToString(),
    ["Identity:Federation:ClientId"] = "platform-console",
    ["Identity:Federation:DisplayName"] = "le Keycloak du CIDFF",
    ["Identity:ConsoleRedirectUris:0"] = FederationPorts.ConsoleCallback.ToString(),
});

public sealed partial class FederatingAnOutsideProvider(TheAssociationsProvider outside, FederatingIdentity platform)
    : IClassFixture<TheAssociationsProvider>, IClassFixture<FederatingIdentity>
{
    private static readonly Guid Association = Guid.CreateVersion7();

    [Fact]
    public async Task Staff_linked_from_their_invitation_sign_in_at_their_association_and_still_give_our_second_factor()
    {
        // Her account at the association's provider (password and its own second factor there).
        var (outsideInvitation, _) = await InviteAsync(outside, "Sophie.Martin@cidff.example", []);
        using var browser = new Browser();
        await browser.AcceptWithPasswordAsync(outsideInvitation, "her password at the cidff");

        // The platform invites her; she links her association's account instead of choosing a password.
        var (invitation, staffId) = await InviteAsync(platform, "sophie.martin@cidff.example", [PlatformRights.Evidence]);
        var page = await browser.GetPageAsync(invitation);
        Assert.Contains("id=\"outside-link\"", page.Html, StringComparison.Ordinal);
        var atOutside = await browser.GetPageAsync(new Uri(invitation, $"{invitation.AbsolutePath}/outside"));
        Assert.Equal(FederationPorts.OutsideIssuer.Authority, atOutside.Address.Authority);
        var linked = await browser.SignInAtTheOutsideProviderAsync(atOutside, "sophie.martin@cidff.example", "her password at the cidff");
        Assert.True(invitation.AbsolutePath == linked.Address.AbsolutePath, $"{(int)linked.Status} at {linked.Address}: {linked.Html}");
        Assert.Contains("id=\"outside-linked\"", linked.Html, StringComparison.Ordinal);
        // Our second factor is still asked at the invitation: no password, a code.
        var secret = Base32Encoding.ToBytes(TotpSecret().Match(linked.Html).Groups[1].Value);
        var ready = await browser.SubmitAsync(linked, invitation.AbsolutePath, new() { ["code"] = Code(secret) });
        Assert.Equal(HttpStatusCode.OK, ready.Status);

        // The console signs her in: the login page sends her to her association, which knows her already (its own session),
        // then our second factor, then the code for the console.
        var (authorize, verifier) = NewAuthorization();
        var login = await browser.GetPageAsync(new Uri(FederationPorts.PlatformIssuer, authorize));
        var outsideLink = OutsideSignIn().Match(login.Html);
        Assert.True(outsideLink.Success, login.Html);
        var secondFactor = await browser.GetPageAsync(new Uri(FederationPorts.PlatformIssuer, WebUtility.HtmlDecode(outsideLink.Groups[1].Value)));
        Assert.Equal("/account/second-factor", secondFactor.Address.AbsolutePath);
        var back = await browser.SubmitAsync(secondFactor, "/account/second-factor", new() { ["code"] = Code(secret, stepsAhead: 1) });
        Assert.StartsWith(FederationPorts.ConsoleCallback.ToString(), back.Address.ToString(), StringComparison.Ordinal);
        var code = System.Web.HttpUtility.ParseQueryString(back.Address.Query)["code"]!;

        var token = await RedeemAsync(code, verifier);
        // The claims are the platform's: its staff id, her association, the rights granted here. Nothing from outside.
        Assert.Equal(staffId.ToString(), token.Subject);
        Assert.Equal(Association.ToString(), token.Claims.Single(c => c.Type == PlatformClaims.AssociationId).Value);
        Assert.Equal(PlatformRoles.Operator, token.Claims.Single(c => c.Type == PlatformClaims.Role).Value);
        Assert.Equal([PlatformRights.Evidence], token.Claims.Where(c => c.Type == PlatformClaims.Rights).Select(c => c.Value));
        Assert.Equal(FederationPorts.PlatformIssuer.ToString(), token.Issuer);

        // Linked, she has no password here: the password form gets her nowhere.
        using var another = new Browser();
        var loginPage = await another.GetPageAsync(new Uri(FederationPorts.PlatformIssuer, "/account/login"));
        var refused = await another.SubmitAsync(loginPage, "/account/login", new() { ["email"] = "sophie.martin@cidff.example", ["password"] = "" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task Someone_the_outside_provider_knows_but_nobody_invited_gets_no_account()
    {
        var (outsideInvitation, _) = await InviteAsync(outside, "stranger@cidff.example", []);
        using var browser = new Browser();
        await browser.AcceptWithPasswordAsync(outsideInvitation, "the stranger's password");

        var atOutside = await browser.GetPageAsync(new Uri(FederationPorts.PlatformIssuer, "/account/outside?returnUrl=%2Faccount%2Fsigned-in"));
        var answer = await browser.SignInAtTheOutsideProviderAsync(atOutside, "stranger@cidff.example", "the stranger's password");

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.Equal(FederationPorts.PlatformIssuer.Authority, answer.Address.Authority);
        Assert.Contains("n'est lié à aucun accès", answer.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(browser.Cookies(FederationPorts.PlatformIssuer), c => c.Name is "platform-staff" or "platform-first-factor");
    }

    private static async Task<(Uri Invitation, Guid StaffId)> InviteAsync(IdentityHost host, string email, string[] rights)
    {
        using var api = host.ClientWithToken(host.Tokens.Admin());
        using var invited = await api.PostAsJsonAsync("/api/identity/staff",
            new { email, displayName = "Sophie Martin", role = PlatformRoles.Operator, associationId = Association, rights });
        var body = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(invited.StatusCode == HttpStatusCode.Created, body.ToString());
        return (new Uri(body.GetProperty("invitationUrl").GetString()!), body.GetProperty("id").GetGuid());
    }

    private static (string Path, string Verifier) NewAuthorization()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return ($"/connect/authorize?client_id=platform-console&response_type=code&scope=openid" +
            $"&redirect_uri={Uri.EscapeDataString(FederationPorts.ConsoleCallback.ToString())}&code_challenge={challenge}" +
            $"&code_challenge_method=S256&state=console-state", verifier);
    }

    private static async Task<JsonWebToken> RedeemAsync(string code, string verifier)
    {
        using var http = new HttpClient();
        using var answer = await http.PostAsync(new Uri(FederationPorts.PlatformIssuer, "/connect/token"), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["client_id"] = "platform-console", ["code"] = code,
                ["redirect_uri"] = FederationPorts.ConsoleCallback.ToString(), ["code_verifier"] = verifier,
            }));
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.IsSuccessStatusCode, body.ToString());
        return new JsonWebToken(body.GetProperty("access_token").GetString());
    }

    private static string Code(byte[] secret, int stepsAhead = 0) => new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    [GeneratedRegex("data-totp-secret>([A-Z2-7=]+)<")]
    private static partial Regex TotpSecret();

    [GeneratedRegex("href=\"([^\"]+)\" id=\"outside-sign-in\"")]
    private static partial Regex OutsideSignIn();

    /// <summary>A browser: cookies per host, redirects followed (across both sites), forms posted with their anti-forgery field.</summary>
    private sealed partial class Browser : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _http;

        public Browser() => _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = true });

        public void Dispose() => _http.Dispose();

        public CookieCollection Cookies(Uri site) => _cookies.GetCookies(site);

        public async Task<Page> GetPageAsync(Uri address) => await PageAsync(await _http.GetAsync(address));

        public async Task<Page> SubmitAsync(Page page, string action, Dictionary<string, string> fields)
        {
            var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiForgery().Match(page.Html).Groups[1].Value };
            if (ReturnUrl().Match(page.Html) is { Success: true } returnUrl)
            {
                form.TryAdd("returnUrl", WebUtility.HtmlDecode(returnUrl.Groups[1].Value));
            }
            return await PageAsync(await _http.PostAsync(new Uri(page.Address, action), new FormUrlEncodedContent(form)));
        }

        /// <summary>Opens her invitation, chooses a password and proves her authenticator app.</summary>
        public async Task AcceptWithPasswordAsync(Uri invitation, string password)
        {
            var page = await GetPageAsync(invitation);
            var secret = Base32Encoding.ToBytes(TotpSecret().Match(page.Html).Groups[1].Value);
            var accepted = await SubmitAsync(page, invitation.AbsolutePath, new() { ["password"] = password, ["code"] = Code(secret) });
            Assert.True(accepted.Status == HttpStatusCode.OK, accepted.Html);
            _lastOutsideSecret = secret;
        }

        /// <summary>At the association's provider's login page: her password and its second factor, then back to the platform.</summary>
        public async Task<Page> SignInAtTheOutsideProviderAsync(Page login, string email, string password)
        {
            Assert.Equal("/account/login", login.Address.AbsolutePath);
            var secondFactor = await SubmitAsync(login, "/account/login", new() { ["email"] = email, ["password"] = password });
            Assert.True(secondFactor.Address.AbsolutePath == "/account/second-factor", secondFactor.Html);
            return await SubmitAsync(secondFactor, "/account/second-factor", new() { ["code"] = Code(_lastOutsideSecret!, stepsAhead: 1) });
        }

        private byte[]? _lastOutsideSecret;

        private static async Task<Page> PageAsync(HttpResponseMessage response)
        {
            using (response)
            {
                return new Page(response.StatusCode, response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());
            }
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex AntiForgery();

        [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
        private static partial Regex ReturnUrl();
    }

    private sealed record Page(HttpStatusCode Status, Uri Address, string Html);
}
