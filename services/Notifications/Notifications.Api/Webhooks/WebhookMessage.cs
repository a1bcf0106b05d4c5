using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Webhooks;

public enum WebhookMessageStatus
{
    /// <summary>Waiting for its next attempt (the first, or a retry on the schedule).</summary>
    Pending,
    Delivered,
    /// <summary>Every attempt failed, the endpoint answered 410, or it was disabled: kept for replay.</summary>
    Failed,
}

/// <summary>One attempt as the delivery log shows it.</summary>
/// <param name="StatusCode">The receiver's HTTP status; null when it could not be reached or did not answer in time.</param>
/// <param name="Response">The start of its answer (a few hundred bytes), or why the attempt failed.</param>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, double DurationMs, string? Response);

/// <summary>
/// One event for one endpoint, durable from the moment the event is consumed until the receiver said 2xx (or gave up).
/// Its id is the <c>webhook-id</c> header, the same on every attempt and replay, so a receiver de-duplicates on it.
/// </summary>
/// <param name="Payload">The JSON body, fixed when the event arrived: every attempt sends the same bytes.</param>
/// <param name="AttemptsThisRound">Attempts since it was queued or replayed: the retry schedule counts these.</param>
public sealed record WebhookMessage(Guid Id, Guid EndpointId, Guid AssociationId, string EventType, Guid EventId, string Payload,
    WebhookMessageStatus Status, DateTimeOffset CreatedAt, IReadOnlyList<WebhookAttempt> Attempts, int AttemptsThisRound = 0,
    DateTimeOffset? NextAttemptAt = null)
{
    public static Guid IdFor(Guid eventId, Guid endpointId) => DeterministicIds.From("webhook", eventId, endpointId);

    /// <summary>The <c>webhook-id</c> header: stable for this event and endpoint.</summary>
    public string WebhookId => $"msg_{Id:N}";
}

/// <summary>When an alert's location last went to an endpoint: updates in between are dropped (the next carries the latest).</summary>
public sealed record WebhookLocationThrottle(string Id, DateTimeOffset LastSentAt)
{
    public static string IdFor(Guid alertId, Guid endpointId) => $"{alertId:N}/{endpointId:N}";
}
