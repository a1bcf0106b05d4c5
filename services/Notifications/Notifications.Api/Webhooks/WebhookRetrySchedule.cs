using System.Net;
using System.Net.Http.Headers;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>What one delivery attempt's answer means for the endpoint and for the next attempt.</summary>
public enum WebhookAttemptOutcome
{
    /// <summary>A 2xx answer within <see cref="WebhookRetrySchedule.AttemptTimeout"/>.</summary>
    Delivered,

    /// <summary>410: the receiver asks us to stop, so the endpoint is disabled and nothing more is sent to it.</summary>
    Gone,

    /// <summary>429 or 503: retried, no sooner than the receiver's Retry-After.</summary>
    Throttled,

    /// <summary>Any other answer (redirects included), a timeout or no answer at all: retried on the schedule.</summary>
    Failed,
}

/// <summary>The Standard Webhooks retry schedule: at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.</summary>
public static class WebhookRetrySchedule
{
    public const int MaximumAttempts = 8;

    /// <summary>A receiver has this long to answer; a 2xx that comes later is a failure (it is retried with the same id).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>A Retry-After is honoured up to this long, so a receiver cannot park a delivery for days.</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(24);

    /// <summary>Spreads retries by up to this share of the delay either way, so endpoints that failed together do not all
    /// retry in the same second.</summary>
    public const double Jitter = 0.1;

    private static readonly TimeSpan[] DelaysAfterAttempt =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    public static WebhookAttemptOutcome Classify(HttpStatusCode? status, bool timedOut) => status switch
    {
        _ when timedOut || status is null => WebhookAttemptOutcome.Failed,
        >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices => WebhookAttemptOutcome.Delivered,
        HttpStatusCode.Gone => WebhookAttemptOutcome.Gone,
        HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => WebhookAttemptOutcome.Throttled,
        _ => WebhookAttemptOutcome.Failed,
    };

    /// <summary>How long to wait after this attempt before the next one; null when there is no next one.</summary>
    /// <param name="attempt">The attempt just made, from 1 (the first try, made at once).</param>
    /// <param name="retryAfter">The receiver's Retry-After: honoured for a <see cref="WebhookAttemptOutcome.Throttled"/>
    /// answer when longer than the scheduled delay.</param>
    /// <param name="random">Uniform in [0, 1): where the jitter falls.</param>
    public static TimeSpan? DelayAfter(int attempt, WebhookAttemptOutcome outcome, TimeSpan? retryAfter, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (outcome is WebhookAttemptOutcome.Delivered or WebhookAttemptOutcome.Gone || attempt >= MaximumAttempts)
        {
            return null;
        }
        var scheduled = DelaysAfterAttempt[attempt - 1] * (1 + Jitter * (2 * random - 1));
        if (outcome == WebhookAttemptOutcome.Throttled && retryAfter is { } asked && asked > scheduled)
        {
            return asked < LongestRetryAfter ? asked : LongestRetryAfter;
        }
        return scheduled;
    }

    /// <summary>The Retry-After header in either of its forms (seconds, or an HTTP date), as a wait from now.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now) =>
        header?.Delta ?? (header?.Date is { } date ? date - now : null);
}
