using Marten;

namespace Platform.Notifications.Api.Telephony;

public enum DispatchStatus
{
    /// <summary>A consumer is talking to the provider right now.</summary>
    Sending,
    Sent,
    Failed,
    /// <summary>The recipient was no longer entitled to it (a contact removed or no longer confirmed): nothing is sent.</summary>
    Skipped,
}

/// <summary>
/// The durable record of one SMS or call that must leave at most once (one per alert, recipient, escalation step and
/// channel; one per consent request; one per device warning): whatever the redeliveries and replicas, it is what keeps a
/// person from receiving the same message, or the same call, twice.
/// </summary>
public sealed record Dispatch(Guid Id, DispatchStatus Status, DateTimeOffset UpdatedAt, string? ProviderMessageId = null,
    string? FailureReason = null)
{
    /// <summary>A claim older than this is taken to be from a consumer that died before recording the outcome.</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(2);

    public bool IsFinished => Status is DispatchStatus.Sent or DispatchStatus.Failed or DispatchStatus.Skipped;

    public bool IsClaimedBySomeoneElse(DateTimeOffset now) => Status == DispatchStatus.Sending && now - UpdatedAt < ClaimLifetime;
}

public static class DispatchRecords
{
    public static StoreOptions AddDispatchRecords(this StoreOptions options)
    {
        // The table keeps the name it had when only SMS were recorded: records written before calls existed still count.
        options.Schema.For<Dispatch>().DocumentAlias("smsdispatch").UseOptimisticConcurrency(true);
        return options;
    }
}

public sealed class DispatchInProgressException(Guid dispatchId)
    : Exception($"Dispatch {dispatchId} is being sent by another consumer.");
