using System.Diagnostics;

namespace Platform.Notifications.Api.Contacts;

/// <summary>
/// After this replica starts, whether the changes to contacts that waited in their queue while it was down have been
/// applied. An alert that waited too (published before the start) is sent only then: otherwise a contact removed while
/// the alert waited could be texted from the old copy (the two queues are consumed side by side, in no order). Measured
/// without this: 1 run in 3 of the end-to-end test texted the removed contact.
/// </summary>
public sealed class ContactsCatchUp
{
    /// <summary>No change applied for this long after the start: the backlog is through.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    /// <summary>An alert never waits longer than this for the catch-up (a flood of changes must not hold alerts back).</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private long _lastSeenAt = Stopwatch.GetTimestamp();

    /// <summary>The start as the broker's clock shows it: messages sent before it waited while this replica was down.</summary>
    public DateTime StartedAtUtc { get; } = DateTime.UtcNow;

    public void Seen() => Interlocked.Exchange(ref _lastSeenAt, Stopwatch.GetTimestamp());

    public async Task SettledAsync(CancellationToken cancellationToken)
    {
        while (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastSeenAt)) < Quiet && Stopwatch.GetElapsedTime(_startedAt) < LongestWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
