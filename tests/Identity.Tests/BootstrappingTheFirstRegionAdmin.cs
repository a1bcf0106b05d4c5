using Platform.Identity.Api.Staff;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Platform.Identity.Tests;

/// <summary>
/// A new platform's first region admin: an SRE runs the identity image's command once; it refuses once a region admin has
/// an account, so it is no back door afterwards.
/// </summary>
public sealed partial class BootstrappingTheFirstRegionAdmin(IdentityHost identity) : IClassFixture<IdentityHost>
{
    [Fact]
    public async Task The_command_invites_the_first_region_admin_once_and_refuses_when_one_has_an_account()
    {
        var first = await RunAsync("--email", "Region.Admin@example.org", "--name", "Région Admin");
        Assert.True(first.ExitCode == FirstRegionAdmin.Invited, first.Errors);
        // Run again before it was used (the link was lost): only the newest link opens.
        var again = await RunAsync("--email", "region.admin@example.org", "--name", "Région Admin");
        Assert.True(again.ExitCode == FirstRegionAdmin.Invited, again.Errors);
        var lost = InvitationPath().Match(first.Output).Value;
        var link = InvitationPath().Match(again.Output).Value;
        Assert.NotEqual(lost, link);

        using var browser = identity.CreateClient();
        using (var stale = await browser.GetAsync(new Uri(lost, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
        }
        using var opened = await browser.GetAsync(new Uri(link, UriKind.Relative));
        var page = await opened.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var secret = OtpNet.Base32Encoding.ToBytes(TotpSecret().Match(page).Groups[1].Value);
        using var accepted = await browser.PostAsync(new Uri(link, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiForgery().Match(page).Groups[1].Value,
            ["password"] = "a long enough passphrase", ["code"] = new OtpNet.Totp(secret).ComputeTotp(),
        }));
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());

        var afterwards = await RunAsync("--email", "someone.else@example.org", "--name", "Quelqu'un");
        Assert.Equal(FirstRegionAdmin.Refused, afterwards.ExitCode);
        Assert.Contains("a region admin already has an account", afterwards.Errors, StringComparison.Ordinal);
        Assert.DoesNotMatch(InvitationPath(), afterwards.Output);

        var misused = await RunAsync("--email", "not an address", "--name", "X");
        Assert.Equal(FirstRegionAdmin.Misused, misused.ExitCode);
    }

    /// <summary>The command as an SRE runs it: the service's own assembly, in its own process, configured like the pod.</summary>
    private async Task<(int ExitCode, string Output, string Errors)> RunAsync(params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(FirstRegionAdmin).Assembly.Location);
        start.ArgumentList.Add(FirstRegionAdmin.Command);
        foreach (var option in options)
        {
            start.ArgumentList.Add(option);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Test";
        start.Environment["ConnectionStrings__Postgres"] = identity.PostgresConnectionString;
        start.Environment["ConnectionStrings__RabbitMq"] = identity.RabbitMqUri.ToString();
        start.Environment["Auth__DevelopmentKeyFile"] = identity.Tokens.PublicKeyFile;
        start.Environment["Identity__Issuer"] = identity.Issuer.ToString();
        start.Environment["Identity__EncryptionKey"] = identity.EncryptionKey;
        start.Environment["Identity__SigningKeyFile"] = Path.Combine(identity.Tokens.KeyDirectory, "signing-key.pem");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex("/account/invitation/[0-9a-f]{48}")]
    private static partial Regex InvitationPath();

    [GeneratedRegex("data-totp-secret>([A-Z2-7=]+)<")]
    private static partial Regex TotpSecret();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
