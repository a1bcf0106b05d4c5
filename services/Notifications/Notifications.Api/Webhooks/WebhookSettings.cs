namespace Platform.Notifications.Api.Webhooks;

/// <summary>How association webhooks are sent (section Notifications:Webhooks).</summary>
public sealed class WebhookSettings
{
    public const string Section = "Notifications:Webhooks";

    /// <summary>
    /// The key that encrypts endpoints' signing secrets at rest (base64 of 32 bytes), from a secret store in production.
    /// Required: without it no endpoint can be registered or signed for.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>Hosts reachable over plain http and on private addresses: local development and tests only.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>How long an old secret still signs after a rotation, so receivers can switch without losing a message.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>An endpoint failing every attempt for this long is disabled and its association's operators are told.</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromDays(5);

    /// <summary>At most one location update per alert and endpoint in this time (the latest wins at the next one).</summary>
    public TimeSpan LocationUpdateInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts in flight at once to one endpoint, per replica: a slow one cannot take every sender.</summary>
    public int ConcurrentAttemptsPerEndpoint { get; set; } = 2;

    /// <summary>Attempts in flight at once in a replica, all endpoints together.</summary>
    public int ConcurrentAttempts { get; set; } = 16;

    /// <summary>How much of a receiver's answer the delivery log keeps.</summary>
    public int ResponseBytesKept { get; set; } = 1024;
}
