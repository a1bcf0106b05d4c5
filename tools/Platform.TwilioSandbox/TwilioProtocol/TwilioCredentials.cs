using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.TwilioSandbox.TwilioProtocol;

/// <summary>Basic auth as api.twilio.com does it: Account SID and Auth Token, and the SID in the path must be the caller's own.</summary>
public sealed class TwilioCredentials(IOptions<SandboxOptions> options) : IEndpointFilter
{
    private const int AuthenticateCode = 20003;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var sandbox = options.Value;
        var pathAccountSid = http.GetRouteValue("accountSid") as string;

        if (!TryReadBasic(http.Request.Headers.Authorization.ToString(), out var username, out var password)
            || !SameSecret(username, sandbox.AccountSid)
            || !SameSecret(password, sandbox.AuthToken)
            || !string.Equals(pathAccountSid, sandbox.AccountSid, StringComparison.Ordinal))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return TwilioError.Result(StatusCodes.Status401Unauthorized, AuthenticateCode, "Authenticate");
        }

        return await next(context);
    }

    private static bool TryReadBasic(string header, out string username, out string password)
    {
        username = password = string.Empty;
        if (!AuthenticationHeaderValue.TryParse(header, out var parsed)
            || !string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || parsed.Parameter is null)
        {
            return false;
        }

        var decoded = new byte[parsed.Parameter.Length];
        if (!Convert.TryFromBase64String(parsed.Parameter, decoded, out var length))
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(decoded, 0, length);
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        username = pair[..colon];
        password = pair[(colon + 1)..];
        return true;
    }

    // Constant-time, so the sandbox is no weaker than what it stands in for.
    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
