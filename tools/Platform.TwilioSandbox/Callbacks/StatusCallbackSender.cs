using Microsoft.Extensions.Options;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox.Callbacks;

/// <summary>Posts a status callback the way Twilio does: form-encoded, signed with X-Twilio-Signature.</summary>
public sealed class StatusCallbackSender(HttpClient http, IOptions<SandboxOptions> options)
{
    public const string HttpClientName = "twilio-status-callbacks";

    /// <summary>Twilio gives up on a webhook after 15 seconds; so does the sandbox.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <returns>The receiver's HTTP status code, or null if it could not be reached in time.</returns>
    public async Task<int?> PostAsync(string callbackUrl, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callbackUrl)
        {
            Content = new FormUrlEncodedContent(parameters.OrderBy(p => p.Key, StringComparer.Ordinal)),
        };
        request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(options.Value.AuthToken, callbackUrl, parameters));
        // Real callbacks carry one, and receivers may use it to drop retried duplicates.
        request.Headers.Add("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

public static class StatusCallbackRegistration
{
    public static IServiceCollection AddStatusCallbacks(this IServiceCollection services)
    {
        services.AddHttpClient<StatusCallbackSender>(StatusCallbackSender.HttpClientName, client => client.Timeout = StatusCallbackSender.Timeout)
            // Callbacks go to services on this machine or cluster: never through a proxy, and a redirect is the receiver's bug to see.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        return services;
    }
}
