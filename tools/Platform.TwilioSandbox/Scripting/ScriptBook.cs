namespace Platform.TwilioSandbox.Scripting;

/// <summary>A script waiting for its requests, as `GET /sandbox/scripts` shows it (responses: those not yet given).</summary>
public sealed record PendingScript(
    long Id,
    string Kind,
    string? To,
    IReadOnlyList<ScriptedResponse>? Responses,
    IReadOnlyList<StatusStep>? Posts,
    int? ErrorCode,
    int? DelayMs);

/// <summary>
/// The scripts waiting, oldest first. A request takes from the oldest script of its kind whose number matches
/// (a script without a number matches any); a script is gone once it gave its last response or started its callbacks.
/// Requests arrive concurrently: every take is atomic, so each scripted response answers exactly one request.
/// </summary>
public sealed class ScriptBook
{
    private readonly Lock _gate = new();
    private readonly List<Script> _pending = [];
    private long _lastId;
    // Read without the lock: with no script pending (every load test), a request pays nothing.
    private volatile int _count;

    public PendingScript Add(ScriptKind kind, string? to, IReadOnlyList<ScriptedResponse>? responses, StatusSequence? sequence)
    {
        lock (_gate)
        {
            var script = new Script(++_lastId, kind, to, new Queue<ScriptedResponse>(responses ?? []), sequence);
            _pending.Add(script);
            _count = _pending.Count;
            return script.View();
        }
    }

    public IReadOnlyList<PendingScript> List()
    {
        lock (_gate)
        {
            return _pending.Select(script => script.View()).ToList();
        }
    }

    /// <returns>How many scripts were dropped.</returns>
    public int Clear()
    {
        lock (_gate)
        {
            var cleared = _pending.Count;
            _pending.Clear();
            _count = 0;
            return cleared;
        }
    }

    /// <summary>The scripted answer for this request of <paramref name="kind"/> (messages or calls), or null to behave normally.</summary>
    public ScriptedResponse? NextResponse(ScriptKind kind, string? to)
    {
        if (_count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (Oldest(kind, to) is not { } script)
            {
                return null;
            }

            var response = script.Responses.Dequeue();
            if (script.Responses.Count == 0)
            {
                Remove(script);
            }

            return response;
        }
    }

    /// <summary>The callbacks to post for the message or call just accepted (kind message-status or call-status), or null.</summary>
    public StatusSequence? TakeSequence(ScriptKind kind, string to)
    {
        if (_count == 0)
        {
            return null;
        }

        lock (_gate)
        {
            if (Oldest(kind, to) is not { } script)
            {
                return null;
            }

            Remove(script);
            return script.Sequence;
        }
    }

    private Script? Oldest(ScriptKind kind, string? to) =>
        _pending.FirstOrDefault(script => script.Kind == kind && (script.To is null || string.Equals(script.To, to, StringComparison.Ordinal)));

    private void Remove(Script script)
    {
        _pending.Remove(script);
        _count = _pending.Count;
    }

    private sealed record Script(long Id, ScriptKind Kind, string? To, Queue<ScriptedResponse> Responses, StatusSequence? Sequence)
    {
        public PendingScript View() => new(
            Id,
            ScriptRequest.NameOf(Kind),
            To,
            Sequence is null ? [.. Responses] : null,
            Sequence?.Steps,
            Sequence?.ErrorCode,
            Sequence is null ? null : (int)Sequence.Delay.TotalMilliseconds);
    }
}
