namespace Platform.TwilioSandbox.Recording;

/// <summary>
/// UTC read once at start, then advanced by the monotonic high-resolution timestamp: receive times are exact to
/// the microsecond and never step back when the wall clock is adjusted, so latencies measured against them hold.
/// </summary>
public sealed class MonotonicUtcClock : TimeProvider
{
    private readonly TimeProvider _source;
    private readonly DateTimeOffset _anchor;
    private readonly long _anchorTimestamp;

    public MonotonicUtcClock(TimeProvider source)
    {
        _source = source;
        _anchorTimestamp = source.GetTimestamp();
        _anchor = source.GetUtcNow();
    }

    public override DateTimeOffset GetUtcNow() => _anchor + _source.GetElapsedTime(_anchorTimestamp);

    public override long GetTimestamp() => _source.GetTimestamp();

    public override long TimestampFrequency => _source.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _source.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _source.CreateTimer(callback, state, dueTime, period);
}
