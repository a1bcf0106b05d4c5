using System.Diagnostics;
using MassTransit;

namespace Platform.Notifications.Api.Contacts;

/// <summary>
/// After this replica starts, whether the changes to contacts that waited in their queue while it was down have been
/// applied. An alert that waited too (published before the contacts queue was being read) is sent only then: otherwise
/// a contact removed while the alert waited could be texted from the old copy (the two queues are consumed side by side,
/// in no order). Measured without this: 1 run in 3 of the end-to-end test texted the removed contact.
/// </summary>
/// <remarks>
/// The quiet period counts from the moment the contacts queue's endpoint is ready, not from the process start: on a
/// slow start (a cold fresh clone) the host took longer than the quiet period to start the bus, and the removed
/// contact was texted again, once in a full run.
/// </remarks>
public sealed class ContactsCatchUp(ILogger<ContactsCatchUp> logger) : IReceiveEndpointObserver
{
    /// <summary>The queue <see cref="ContactsChangedConsumer"/> reads (MassTransit's kebab-case name with the service prefix).</summary>
    public const string QueueName = "notifications-contacts-changed";

    /// <summary>No change applied, and none in progress, for this long after the queue is read: the backlog is through.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>An alert never waits longer than this for the catch-up (a flood of changes must not hold alerts back).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    private long _readyAtTicks = DateTime.MaxValue.Ticks;
    private long _lastSeenAt = Stopwatch.GetTimestamp();
    private int _inProgress;

    /// <summary>
    /// When the contacts queue started being read, by the broker's clock (UTC); DateTime.MaxValue until then. Alerts
    /// sent before it waited beside contact changes.
    /// </summary>
    public DateTime ReadyAtUtc => new(Interlocked.Read(ref _readyAtTicks), DateTimeKind.Utc);

    public void Applying()
    {
        Interlocked.Increment(ref _inProgress);
        Interlocked.Exchange(ref _lastSeenAt, Stopwatch.GetTimestamp());
    }

    public void Applied()
    {
        Interlocked.Exchange(ref _lastSeenAt, Stopwatch.GetTimestamp());
        Interlocked.Decrement(ref _inProgress);
    }

    public async Task SettledAsync(CancellationToken cancellationToken)
    {
        var waiting = Stopwatch.StartNew();
        while (!Settled() && waiting.Elapsed < LongestWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        logger.LogInformation("An alert sent before contact changes were being read waited {WaitedMs} ms for them.",
            (long)waiting.Elapsed.TotalMilliseconds);
    }

    private bool Settled() =>
        Interlocked.Read(ref _readyAtTicks) != DateTime.MaxValue.Ticks
        && Volatile.Read(ref _inProgress) == 0
        && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastSeenAt)) >= Quiet;

    public Task Ready(ReceiveEndpointReady ready)
    {
        if (ready.InputAddress.AbsolutePath.EndsWith("/" + QueueName, StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref _lastSeenAt, Stopwatch.GetTimestamp());
            Interlocked.Exchange(ref _readyAtTicks, DateTime.UtcNow.Ticks);
            logger.LogInformation("Contact changes are being read; alerts sent before now wait until those that waited are applied.");
        }
        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
