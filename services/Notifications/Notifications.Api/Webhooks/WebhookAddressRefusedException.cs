namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// A delivery that was not sent because its endpoint is, or now resolves to, an address this platform must not call.
/// HttpClient wraps it in an <see cref="HttpRequestException"/>: look for it with <see cref="FoundIn"/>.
/// </summary>
public sealed class WebhookAddressRefusedException : Exception
{
    public WebhookAddressRefusedException()
        : this("The webhook address was refused.")
    {
    }

    public WebhookAddressRefusedException(string reason)
        : base(reason)
    {
    }

    public WebhookAddressRefusedException(string reason, Exception innerException)
        : base(reason, innerException)
    {
    }

    /// <summary>The refusal among an exception and its causes, or null when the failure was something else.</summary>
    public static WebhookAddressRefusedException? FoundIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is WebhookAddressRefusedException refused)
            {
                return refused;
            }
        }
        return null;
    }
}
