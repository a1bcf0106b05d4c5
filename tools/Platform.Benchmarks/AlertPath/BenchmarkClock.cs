using System.Diagnostics;

namespace Platform.Benchmarks.AlertPath;

/// <summary>
/// UTC read once, then advanced by the monotonic high-resolution timestamp: the sandbox stamps receipts the same way,
/// so a press time and a receive time on this machine compare to the microsecond, whatever NTP does meanwhile.
/// </summary>
public sealed class BenchmarkClock
{
    private readonly long _anchorTimestamp = Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _anchor = DateTimeOffset.UtcNow;

    public DateTimeOffset UtcNow => _anchor + Elapsed;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_anchorTimestamp);

    public DateTimeOffset At(TimeSpan elapsed) => _anchor + elapsed;
}
