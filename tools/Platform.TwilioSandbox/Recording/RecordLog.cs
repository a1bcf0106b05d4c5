namespace Platform.TwilioSandbox.Recording;

/// <summary>
/// What the sandbox accepted, oldest first, in memory. Bounded so a long local run or a load test
/// cannot grow the process without limit: past the capacity the oldest record is dropped.
/// </summary>
public sealed class RecordLog<T>(int capacity) where T : class, IRecorded
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, T> _bySid = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivalOrder = new();

    public void Add(T record)
    {
        lock (_gate)
        {
            _bySid.Add(record.Sid, record);
            _arrivalOrder.Enqueue(record.Sid);
            while (_arrivalOrder.Count > capacity)
            {
                _bySid.Remove(_arrivalOrder.Dequeue());
            }
        }
    }

    public T? Find(string sid)
    {
        lock (_gate)
        {
            return _bySid.GetValueOrDefault(sid);
        }
    }

    /// <summary>Replaces a record atomically; returns the new one, or null if the sid is unknown (or already dropped).</summary>
    public T? Update(string sid, Func<T, T> change)
    {
        lock (_gate)
        {
            if (!_bySid.TryGetValue(sid, out var current))
            {
                return null;
            }

            var updated = change(current);
            _bySid[sid] = updated;
            return updated;
        }
    }

    public IReadOnlyList<T> List(Func<T, bool> include)
    {
        lock (_gate)
        {
            return _arrivalOrder.Select(sid => _bySid[sid]).Where(include).ToList();
        }
    }
}
