using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Sms;

public enum SmsDispatchStatus
{
    /// <summary>A consumer is talking to the provider right now.</summary>
    Sending,
    Sent,
    Failed,
    /// <summary>The recipient was no longer entitled to it (a contact removed or no longer confirmed): nothing is sent.</summary>
    Skipped,
}

/// <summary>
/// The durable record of one SMS that must leave at most once (one per alert, contact and escalation step; one per
/// consent request; one per device warning): whatever the redeliveries and replicas, it is what keeps a person from
/// receiving the same message twice.
/// </summary>
public sealed record SmsDispatch(Guid Id, SmsDispatchStatus Status, DateTimeOffset UpdatedAt, string? ProviderMessageId = null,
    string? FailureReason = null)
{
    /// <summary>A claim older than this is taken to be from a consumer that died before recording the outcome.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    public static Guid IdFor(Guid alertId, Guid contactId, int escalationStep) =>
        DeterministicIds.From("sms", alertId, contactId, escalationStep);

    public bool IsFinished => Status is SmsDispatchStatus.Sent or SmsDispatchStatus.Failed or SmsDispatchStatus.Skipped;

    public bool IsClaimedBySomeoneElse(DateTimeOffset now) => Status == SmsDispatchStatus.Sending && now - UpdatedAt < ClaimLifetime;
}
