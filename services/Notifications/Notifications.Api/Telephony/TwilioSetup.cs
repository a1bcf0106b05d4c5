using Twilio.Clients;
using Twilio.Http;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// Twilio credentials and where to reach it. With a BaseUrl (local runs, tests) the real Twilio library talks to the
/// project's Twilio-compatible sandbox; without one, to Twilio itself.
/// </summary>
public sealed class TwilioSettings
{
    public string AccountSid { get; init; } = "";
    public string AuthToken { get; init; } = "";
    /// <summary>The platform's sending number, E.164.</summary>
    public string FromNumber { get; init; } = "";
    public Uri? BaseUrl { get; init; }
    /// <summary>
    /// The public address Twilio calls webhooks on (the gateway's): signatures are checked against it, and a voice call
    /// tells Twilio where to post the key pressed.
    /// </summary>
    public Uri? WebhookBaseUrl { get; init; }
}

public static class TwilioSetup
{
    private const string HttpClientName = "twilio";

    public static WebApplicationBuilder AddTwilio(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Twilio").Get<TwilioSettings>() ?? new TwilioSettings();
        if (string.IsNullOrWhiteSpace(settings.AccountSid) || string.IsNullOrWhiteSpace(settings.AuthToken)
            || string.IsNullOrWhiteSpace(settings.FromNumber))
        {
            throw new InvalidOperationException("Twilio:AccountSid, Twilio:AuthToken and Twilio:FromNumber must be set.");
        }
        // Without it a voice call could never be acknowledged: refuse to start rather than call people who cannot answer.
        if (settings.WebhookBaseUrl is not { IsAbsoluteUri: true })
        {
            throw new InvalidOperationException("Twilio:WebhookBaseUrl must be set to the gateway's public address.");
        }
        builder.Services.AddSingleton(settings);
        var telephony = builder.Configuration.GetSection("Notifications:Telephony").Get<TelephonySettings>() ?? new TelephonySettings();
        if (telephony.ClaimLifetime <= telephony.HttpTimeout)
        {
            throw new InvalidOperationException("Notifications:Telephony:ClaimLifetime must be longer than HttpTimeout.");
        }
        builder.Services.AddSingleton(telephony);
        builder.Services.AddScoped<OnceOnlyDispatch>();
        builder.Services.AddSingleton(ReplicaIdentity.ForThisHost());
        var client = builder.Services.AddHttpClient(HttpClientName, http => http.Timeout = telephony.HttpTimeout)
            .AddHttpMessageHandler(() => new RetryAfterCapture());
        if (settings.BaseUrl is { } baseUrl)
        {
            client.AddHttpMessageHandler(() => new RedirectToBaseUrlHandler(baseUrl));
        }
        builder.Services.AddTransient<ITwilioRestClient>(services => new TwilioRestClient(settings.AccountSid, settings.AuthToken,
            accountSid: settings.AccountSid,
            httpClient: new SystemNetHttpClient(services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName))));
        return builder;
    }

    /// <summary>Twilio 8 has no base-URL setting: rewrite api.twilio.com to the configured address.</summary>
    private sealed class RedirectToBaseUrlHandler(Uri baseUrl) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } original)
            {
                request.RequestUri = new UriBuilder(original)
                {
                    Scheme = baseUrl.Scheme,
                    Host = baseUrl.Host,
                    Port = baseUrl.Port,
                }.Uri;
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
