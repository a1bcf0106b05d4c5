using Marten;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.Telephony;

public enum DispatchStatus
{
    /// <summary>A consumer is talking to the provider right now.</summary>
    Sending,
    Sent,
    Failed,
    /// <summary>The recipient was no longer entitled to it (a contact removed or no longer confirmed): nothing is sent.</summary>
    Skipped,
    /// <summary>The provider could not be reached or asked us to wait: a durable wake-up tries again.</summary>
    Retrying,
}

/// <summary>The alert command a dispatch carries out, kept so a retry or a fallback can act on it long after the message left.</summary>
public sealed record DispatchCommand(DispatchSms? Sms = null, DispatchCall? Call = null);

/// <summary>
/// The durable record of one SMS or call that must leave at most once (one per alert, recipient, escalation step and
/// channel; one per consent request; one per device warning): whatever the redeliveries and replicas, it is what keeps a
/// person from receiving the same message, or the same call, twice.
/// </summary>
/// <param name="Command">Set for alert dispatches: what to retry, and what to fall back from.</param>
/// <param name="SentBy">The replica that talked to the provider (which pod sent it, for the on-call SRE).</param>
/// <param name="ProviderStatus">The furthest status the provider reported (queued, sent, delivered, undelivered...).</param>
/// <param name="FirstFailureAt">When the provider first failed this dispatch: how long it has been unreachable.</param>
/// <param name="ClaimedAt">When the current claim was written: reconciling an unknown outcome looks for messages since then.</param>
/// <param name="TraceParent">The trace of the press that caused it: a retry, re-published by a wake-up, stays in that trace.</param>
public sealed record Dispatch(Guid Id, DispatchStatus Status, DateTimeOffset UpdatedAt, string? ProviderMessageId = null,
    string? FailureReason = null, DispatchCommand? Command = null, string? SentBy = null, string? ProviderStatus = null,
    int Attempts = 0, DateTimeOffset? FirstFailureAt = null, bool OutageReported = false, DateTimeOffset? ClaimedAt = null,
    string? TraceParent = null)
{
    public bool IsFinished => Status is DispatchStatus.Sent or DispatchStatus.Failed or DispatchStatus.Skipped;

    /// <param name="claimLifetime">Longer than the longest provider request (its HTTP timeout): a claim older than this is
    /// taken to be from a consumer that died before recording the outcome.</param>
    public bool IsClaimedBySomeoneElse(DateTimeOffset now, TimeSpan claimLifetime) =>
        Status == DispatchStatus.Sending && now - UpdatedAt < claimLifetime;

    /// <summary>A claim left by a consumer that died while talking to the provider: the message may or may not have left.</summary>
    public bool IsAbandonedClaim(DateTimeOffset now, TimeSpan claimLifetime) =>
        Status == DispatchStatus.Sending && now - UpdatedAt >= claimLifetime;
}

public static class DispatchRecords
{
    public static StoreOptions AddDispatchRecords(this StoreOptions options)
    {
        // The table keeps the name it had when only SMS were recorded: records written before calls existed still count.
        options.Schema.For<Dispatch>().DocumentAlias("smsdispatch").UseOptimisticConcurrency(true);
        options.Schema.For<SeenTwilioCallback>();
        return options;
    }
}

public sealed class DispatchInProgressException(Guid dispatchId)
    : Exception($"Dispatch {dispatchId} is being sent by another consumer.");

/// <summary>One dispatch of a wave sent together (<see cref="OnceOnlyDispatch.TryRunWaveAsync"/>): its id and the command it carries out.</summary>
public sealed record WaveDispatch(Guid Id, DispatchCommand Command);
