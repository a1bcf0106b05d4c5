using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox;
using Twilio.Clients;
using Twilio.Http;

namespace TwilioSandbox.Tests;

/// <summary>The real Twilio library, pointed at the sandbox the way the platform does it: a handler that rewrites api.twilio.com.</summary>
public static class SandboxConnection
{
    public static TwilioRestClient TwilioClient(
        WebApplicationFactory<Program> sandbox,
        string accountSid = SandboxOptions.DefaultAccountSid,
        string authToken = SandboxOptions.DefaultAuthToken)
    {
        var handler = new PropagateTraceContext
        {
            InnerHandler = new RewriteTwilioHost(sandbox.Server.BaseAddress) { InnerHandler = sandbox.Server.CreateHandler() },
        };
        return new TwilioRestClient(accountSid, authToken, httpClient: new SystemNetHttpClient(new System.Net.Http.HttpClient(handler)));
    }

    /// <summary>A plain HTTP client with the sandbox's default credentials, for what the library cannot send.</summary>
    public static System.Net.Http.HttpClient RawClient(WebApplicationFactory<Program> sandbox)
    {
        var client = sandbox.CreateClient();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxOptions.DefaultAccountSid}:{SandboxOptions.DefaultAuthToken}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }

    public const string MessagesPath = $"/2010-04-01/Accounts/{SandboxOptions.DefaultAccountSid}/Messages.json";

    public const string CallsPath = $"/2010-04-01/Accounts/{SandboxOptions.DefaultAccountSid}/Calls.json";

    /// <summary>What the platform's Twilio handler does: same path and query, the sandbox's scheme, host and port.</summary>
    private sealed class RewriteTwilioHost(Uri sandbox) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new UriBuilder(request.RequestUri!) { Scheme = sandbox.Scheme, Host = sandbox.Host, Port = sandbox.Port }.Uri;
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// Over a real network the HttpClient stack writes `traceparent` from the current activity;
    /// the in-memory test server's handler does not, so this stands in for that step.
    /// </summary>
    private sealed class PropagateTraceContext : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            DistributedContextPropagator.Current.Inject(
                Activity.Current,
                request,
                static (carrier, name, value) => ((HttpRequestMessage)carrier!).Headers.TryAddWithoutValidation(name, value));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
