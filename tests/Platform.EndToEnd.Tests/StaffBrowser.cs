using OtpNet;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A member of staff's browser, as the console will drive it: the identity service's pages through the gateway (cookies,
/// forms with their anti-forgery field), then authorization code + PKCE. Redirects are followed by hand so each step shows.
/// </summary>
public sealed partial class StaffBrowser(PlatformStack stack) : IDisposable
{
    public const string ConsoleClient = "platform-console";
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = stack.Gateway,
        Timeout = TimeSpan.FromSeconds(20),
    };

    public Uri RedirectUri { get; } = new(stack.Gateway, "/console/signin-oidc");

    public void Dispose() => _http.Dispose();

    public Task<HttpResponseMessage> GetAsync(string pathOrUrl) => _http.GetAsync(new Uri(pathOrUrl, UriKind.RelativeOrAbsolute));

    /// <summary>Posts a page's form back with the fields given (and its anti-forgery field, read from the page).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string action, Dictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiForgery().Match(page).Groups[1].Value };
        var returnUrl = ReturnUrl().Match(page);
        if (returnUrl.Success)
        {
            form.TryAdd("returnUrl", WebUtility.HtmlDecode(returnUrl.Groups[1].Value));
        }
        return await PostAsync(action, form);
    }

    /// <summary>A post the door may throttle (every test shares 127.0.0.1): its 429 (a problem, not the locked page) is waited out.</summary>
    private async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> form)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await _http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
            if (response.StatusCode != HttpStatusCode.TooManyRequests || response.Content.Headers.ContentType?.MediaType != "application/problem+json"
                || attempt == 10)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    /// <summary>Opens the invitation, chooses the password and registers the authenticator; returns its secret.</summary>
    public async Task<byte[]> AcceptInvitationAsync(string invitationUrl, string password)
    {
        using var opened = await GetAsync(invitationUrl);
        var page = await opened.Content.ReadAsStringAsync();
        Assert.True(opened.StatusCode == HttpStatusCode.OK, $"{(int)opened.StatusCode}: {page}");
        var secret = Base32Encoding.ToBytes(WebUtility.HtmlDecode(TotpSecret().Match(page).Groups[1].Value));
        using var accepted = await SubmitAsync(page, new Uri(invitationUrl).PathAndQuery, new()
        {
            ["password"] = password, ["code"] = Code(secret),
        });
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"accepting the invitation: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");
        return secret;
    }

    /// <summary>The console's authorization request (PKCE): its address, and what the console keeps to redeem the code.</summary>
    public (string Url, string Verifier, string State) NewAuthorization()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        return ($"/connect/authorize?client_id={ConsoleClient}&response_type=code&scope=openid%20offline_access" +
            $"&redirect_uri={Uri.EscapeDataString(RedirectUri.ToString())}&code_challenge={challenge}&code_challenge_method=S256&state={state}",
            verifier, state);
    }

    /// <summary>The console redeems its code with the verifier only it holds.</summary>
    public Task<HttpResponseMessage> RedeemAsync(string code, string verifier) =>
        PostAsync("/connect/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = ConsoleClient, ["code"] = code,
            ["redirect_uri"] = RedirectUri.ToString(), ["code_verifier"] = verifier,
        });

    /// <summary>The console's sign-in: authorize, login page, second factor, back to authorize, code for tokens.</summary>
    /// <returns>The token endpoint's answer.</returns>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password, byte[] totpSecret, int stepsAhead = 1)
    {
        var (authorize, verifier, state) = NewAuthorization();

        using var toLogin = await GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        using var loginPage = await GetAsync(toLogin.Headers.Location!.ToString());
        using var afterPassword = await SubmitAsync(await loginPage.Content.ReadAsStringAsync(), "/account/login",
            new() { ["email"] = email, ["password"] = password });
        Assert.True(afterPassword.StatusCode == HttpStatusCode.Redirect,
            $"the password: {(int)afterPassword.StatusCode} {await afterPassword.Content.ReadAsStringAsync()}");
        using var secondFactorPage = await GetAsync(afterPassword.Headers.Location!.ToString());
        using var afterCode = await SubmitAsync(await secondFactorPage.Content.ReadAsStringAsync(), "/account/second-factor",
            new() { ["code"] = Code(totpSecret, stepsAhead) });
        Assert.True(afterCode.StatusCode == HttpStatusCode.Redirect, $"the code: {(int)afterCode.StatusCode} {await afterCode.Content.ReadAsStringAsync()}");
        using var withCode = await GetAsync(afterCode.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        var callback = withCode.Headers.Location!;
        Assert.StartsWith(RedirectUri.ToString(), callback.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.Equal(state, query["state"]);

        return await RedeemAsync(query["code"]!, verifier);
    }

    /// <summary>What her authenticator app shows, this many 30-second steps ahead (each code is accepted once only).</summary>
    public static string Code(byte[] secret, int stepsAhead = 0) =>
        new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrl();

    [GeneratedRegex("data-totp-secret>([A-Z2-7=]+)<")]
    private static partial Regex TotpSecret();
}
