using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Sms;

public enum SmsDispatchStatus
{
    /// <summary>A consumer is talking to the provider right now.</summary>
    Sending,
    Sent,
    Failed,
    /// <summary>The contact was removed before the message left: nothing is sent.</summary>
    Skipped,
}

/// <summary>
/// The durable record of one SMS per (alert, contact, escalation step): whatever the redeliveries and replicas,
/// it is what keeps a contact from receiving the same alert twice.
/// </summary>
public sealed record SmsDispatch(Guid Id, Guid AlertId, Guid ContactId, int EscalationStep, SmsDispatchStatus Status,
    DateTimeOffset UpdatedAt, string? ProviderMessageId = null, string? FailureReason = null)
{
    /// <summary>A claim older than this is taken to be from a consumer that died before recording the outcome.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    public static Guid IdFor(Guid alertId, Guid contactId, int escalationStep) =>
        DeterministicIds.From("sms", alertId, contactId, escalationStep);

    public bool IsClaimedBySomeoneElse(DateTimeOffset now) => Status == SmsDispatchStatus.Sending && now - UpdatedAt < ClaimLifetime;
}
