namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// Twilio's library does not expose a refused request's Retry-After header: this handler notes it for the caller waiting on
/// the request, through a holder the caller put in an AsyncLocal before calling.
/// </summary>
public sealed class RetryAfterCapture : DelegatingHandler
{
    private static readonly AsyncLocal<Holder?> Current = new();

    public sealed class Holder
    {
        public TimeSpan? RetryAfter { get; set; }
    }

    /// <summary>Starts listening for the Retry-After of the requests made from here on in this async flow.</summary>
    public static Holder Listen() => Current.Value = new Holder();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        // The typed header reads both forms Twilio may send: seconds, or an HTTP date.
        if (Current.Value is { } holder && response.Headers.RetryAfter is { } retryAfter)
        {
            holder.RetryAfter = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        }
        return response;
    }
}
