namespace Platform.TwilioSandbox.Recording;

/// <summary>One record with the place it arrived in: 1 for the first the sandbox accepted, then 2, 3... never reused.</summary>
public sealed record Sequenced<T>(long Sequence, T Record);

/// <summary>
/// What the sandbox accepted, oldest first, in memory. Bounded so a long local run or a load test
/// cannot grow the process without limit: past the capacity the oldest record is dropped.
/// Every lookup a request makes (by sid, by number, after a sequence) costs what it returns, never a scan of
/// the whole log: load tests send thousands of messages a second while polling it.
/// </summary>
public sealed class RecordLog<T>(int capacity) where T : class, IRecorded
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Slot> _bySid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<Slot>> _byTo = new(StringComparer.Ordinal);
    // Arrival order; _order[_head] is the oldest kept, with sequence _firstSequence. Dropped slots are nulled and
    // the front is cut off now and then, so dropping the oldest costs O(1) amortised.
    private readonly List<Slot?> _order = [];
    private int _head;
    private long _firstSequence = 1;

    /// <returns>The record's sequence.</returns>
    public long Add(T record)
    {
        lock (_gate)
        {
            var slot = new Slot(_firstSequence + (_order.Count - _head), record);
            _bySid.Add(record.Sid, slot);
            _order.Add(slot);
            if (!_byTo.TryGetValue(record.To, out var sameNumber))
            {
                _byTo[record.To] = sameNumber = new Queue<Slot>();
            }
            sameNumber.Enqueue(slot);
            while (_order.Count - _head > capacity)
            {
                DropOldest();
            }
            return slot.Sequence;
        }
    }

    public T? Find(string sid)
    {
        lock (_gate)
        {
            return _bySid.GetValueOrDefault(sid)?.Record;
        }
    }

    /// <summary>Replaces a record atomically; returns the new one, or null if the sid is unknown (or already dropped).</summary>
    public T? Update(string sid, Func<T, T> change)
    {
        lock (_gate)
        {
            if (!_bySid.TryGetValue(sid, out var slot))
            {
                return null;
            }

            slot.Record = change(slot.Record);
            return slot.Record;
        }
    }

    /// <summary>Every record kept, oldest first (a full copy: for people and small tests, not for polling).</summary>
    public IReadOnlyList<T> List()
    {
        lock (_gate)
        {
            var all = new List<T>(_order.Count - _head);
            for (var i = _head; i < _order.Count; i++)
            {
                all.Add(_order[i]!.Record);
            }
            return all;
        }
    }

    /// <summary>The records sent to one number, oldest first.</summary>
    public IReadOnlyList<T> ListTo(string to)
    {
        lock (_gate)
        {
            return _byTo.TryGetValue(to, out var sameNumber) ? sameNumber.Select(slot => slot.Record).ToList() : [];
        }
    }

    /// <summary>Up to <paramref name="limit"/> records that arrived after <paramref name="sequence"/>, in order.</summary>
    /// <remarks>A first sequence above <paramref name="sequence"/> + 1 means the ones between were dropped for capacity.</remarks>
    public IReadOnlyList<Sequenced<T>> After(long sequence, int limit)
    {
        lock (_gate)
        {
            var start = _head + (int)Math.Clamp(sequence + 1 - _firstSequence, 0, _order.Count - _head);
            var end = Math.Min(_order.Count, start + limit);
            var page = new List<Sequenced<T>>(end - start);
            for (var i = start; i < end; i++)
            {
                var slot = _order[i]!;
                page.Add(new Sequenced<T>(slot.Sequence, slot.Record));
            }
            return page;
        }
    }

    private void DropOldest()
    {
        var oldest = _order[_head]!;
        _order[_head] = null;
        _head++;
        _firstSequence++;
        _bySid.Remove(oldest.Record.Sid);
        // The oldest overall is the oldest sent to its number too.
        var sameNumber = _byTo[oldest.Record.To];
        sameNumber.Dequeue();
        if (sameNumber.Count == 0)
        {
            _byTo.Remove(oldest.Record.To);
        }
        if (_head >= 1024 && _head * 2 >= _order.Count)
        {
            _order.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private sealed class Slot(long sequence, T record)
    {
        public long Sequence { get; } = sequence;
        public T Record { get; set; } = record;
    }
}
