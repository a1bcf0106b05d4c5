namespace Platform.Testing;

/// <summary>A service's clock in a test: real time, which a test may stop and move forward (never a sleep).</summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _stoppedAt;
    private TimeSpan _ahead;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return (_stoppedAt ?? System.GetUtcNow()) + _ahead;
        }
    }

    /// <summary>Stops the clock until the returned handle is disposed, so a test decides exactly how much time passes.</summary>
    public IDisposable Stop()
    {
        lock (_gate)
        {
            _stoppedAt = System.GetUtcNow();
        }
        return new Restart(this);
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _ahead += by;
        }
    }

    private sealed class Restart(TestClock clock) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._stoppedAt = null;
            }
        }
    }
}
