using Marten;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// Where an association wants to hear about its alerts. Its secrets are kept encrypted (<see cref="WebhookSecretVault"/>);
/// the plain secret is shown once, when it is created.
/// </summary>
/// <param name="EventTypes">The event types it receives (<see cref="WebhookEventTypes"/>).</param>
/// <param name="Secrets">The newest first; an older one is still used to sign until it expires (rotation overlap).</param>
/// <param name="FailingSince">The first failed attempt since the last success: too long, and the endpoint is disabled.</param>
/// <param name="DisabledReason">Why it stopped receiving: by its admin, "gone" (410), or failing for too long.</param>
public sealed record WebhookEndpoint(Guid Id, Guid AssociationId, string Url, IReadOnlyList<string> EventTypes, string? Description,
    bool Enabled, DateTimeOffset CreatedAt, IReadOnlyList<StoredWebhookSecret> Secrets, DateTimeOffset? FailingSince = null,
    string? DisabledReason = null, DateTimeOffset? DisabledAt = null, DateTimeOffset? EnabledAgainAt = null)
{
    public const string DisabledByAdmin = "disabled-by-admin";
    public const string Gone = "gone";
    public const string FailingTooLong = "failing-too-long";

    public bool Receives(string eventType) => Enabled && EventTypes.Contains(eventType);

    /// <summary>The secrets that sign a message sent now: the newest, and any older one still in its overlap window.</summary>
    public IEnumerable<StoredWebhookSecret> SigningSecrets(DateTimeOffset now) =>
        Secrets.Where(secret => secret.ExpiresAt is null || secret.ExpiresAt > now);

    public WebhookEndpoint Disabled(string reason, DateTimeOffset at) => this with { Enabled = false, DisabledReason = reason, DisabledAt = at };
}

/// <summary>A signing secret as stored: encrypted for this endpoint only.</summary>
/// <param name="ExpiresAt">Set when a newer secret replaced it: until then both sign.</param>
public sealed record StoredWebhookSecret(string Encrypted, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt = null);

public static class WebhookRecords
{
    public static StoreOptions AddWebhookRecords(this StoreOptions options)
    {
        options.Schema.For<WebhookEndpoint>().Index(endpoint => endpoint.AssociationId).UseOptimisticConcurrency(true);
        options.Schema.For<WebhookMessage>().Index(message => message.EndpointId).Index(message => message.CreatedAt)
            .UseOptimisticConcurrency(true);
        options.Schema.For<WebhookLocationThrottle>();
        return options;
    }
}
