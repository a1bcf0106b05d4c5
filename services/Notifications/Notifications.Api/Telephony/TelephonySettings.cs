namespace Platform.Notifications.Api.Telephony;

/// <summary>How hard and how long this service tries to reach people through the provider (section Notifications:Telephony).</summary>
/// <param name="HttpTimeout">One provider request at most this long: an unanswered request is an unknown outcome, not a hang.</param>
/// <param name="ClaimLifetime">Must exceed HttpTimeout: a claim older than this belongs to a consumer that died.</param>
/// <param name="SmsValidity">Twilio drops an SMS it could not hand over in this time, so a stuck message fails fast and the
/// contact is called instead.</param>
/// <param name="RetryBase">First retry delay after a 429, a 5xx or a timeout; doubled each attempt, with jitter.</param>
/// <param name="RetryCap">The longest wait between two attempts (a Retry-After from the provider is honoured as given).</param>
/// <param name="OutageNotice">After this long failing for one alert message, the alert's timeline and the association are told.</param>
public sealed record TelephonySettings(TimeSpan HttpTimeout, TimeSpan ClaimLifetime, TimeSpan SmsValidity, TimeSpan RetryBase,
    TimeSpan RetryCap, TimeSpan OutageNotice)
{
    public TelephonySettings()
        : this(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60))
    {
    }

    /// <summary>Exponential backoff with "equal jitter": never less than half the step, so retries spread without bunching.</summary>
    public TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, double random)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked;
        }
        var step = Math.Min(RetryCap.TotalMilliseconds, RetryBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromMilliseconds(step / 2 + step / 2 * random);
    }
}
