using System.Diagnostics;
using System.Net.Http.Json;

namespace Platform.Benchmarks.AlertPath;

/// <summary>One message the sandbox accepted (`GET /sandbox/messages/receipts`): its trace id names the press it serves.</summary>
public sealed record Receipt(long Sequence, string Sid, string To, DateTimeOffset ReceivedAt, string? TraceId);

/// <summary>
/// Everything the sandbox receives, read once as it arrives: pages of receipts after the last sequence seen, never the
/// whole log again. Seeding waits on it (consent requests, warm-up alerts) and the report reads it at the end.
/// </summary>
public sealed class SandboxReceipts : IAsyncDisposable
{
    private const int PageSize = 10_000;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _sandbox;
    private readonly Lock _gate = new();
    private readonly List<Receipt> _all = [];
    private readonly Dictionary<string, List<Receipt>> _byTrace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _countByPhone = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private long _lastSequence;
    private long _dropped;
    private long _lastArrival = Stopwatch.GetTimestamp();
    private Exception? _failure;
    private long _caughtUpPolls;

    public SandboxReceipts(HttpClient sandbox)
    {
        _sandbox = sandbox;
        _polling = Task.Run(PollAsync);
    }

    public long LastSequence
    {
        get { lock (_gate) { return _lastSequence; } }
    }

    /// <summary>Receipts the sandbox dropped before they were read (Sandbox:MaxRecords too small for the run).</summary>
    public long Dropped
    {
        get { lock (_gate) { return _dropped; } }
    }

    /// <summary>How long ago the last new receipt was read.</summary>
    public TimeSpan SinceLastArrival
    {
        get { lock (_gate) { return Stopwatch.GetElapsedTime(_lastArrival); } }
    }

    public int CountTo(string phone)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            return _countByPhone.GetValueOrDefault(phone);
        }
    }

    public IReadOnlyList<Receipt> ForTrace(string traceId)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            return _byTrace.TryGetValue(traceId, out var receipts) ? [.. receipts] : [];
        }
    }

    /// <summary>Every receipt with a sequence above <paramref name="sequence"/>, in order.</summary>
    public IReadOnlyList<Receipt> After(long sequence)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            return _all.Where(receipt => receipt.Sequence > sequence).ToList();
        }
    }

    /// <summary>Returns once everything the sandbox had accepted when called has been read.</summary>
    public async Task CatchUpAsync()
    {
        // The second poll to come up empty-handed from now started after this call: it saw all there was.
        var target = Volatile.Read(ref _caughtUpPolls) + 2;
        while (Volatile.Read(ref _caughtUpPolls) < target)
        {
            lock (_gate)
            {
                ThrowIfFailed();
            }
            await Task.Delay(PollEvery / 2);
        }
    }

    public static async Task UntilAsync(Func<bool> condition, TimeSpan patience, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > patience)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds:F0} s for {what}.");
            }
            await Task.Delay(PollEvery);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _polling;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var page = await ReadPageAsync(LastSequence, PageSize);
                Take(page);
                if (page.Count < PageSize)
                {
                    Interlocked.Increment(ref _caughtUpPolls);
                    await Task.Delay(PollEvery, _stop.Token);
                }
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                _failure = failure;
            }
            // Wake anyone waiting for a catch-up: they find the failure.
            Interlocked.Add(ref _caughtUpPolls, 1_000);
        }
    }

    private async Task<List<Receipt>> ReadPageAsync(long after, int limit) =>
        (await _sandbox.GetFromJsonAsync<List<Receipt>>($"/sandbox/messages/receipts?after={after}&limit={limit}", _stop.Token))!;

    private void Take(List<Receipt> page)
    {
        if (page.Count == 0)
        {
            return;
        }
        lock (_gate)
        {
            // The sandbox restarted (a new stack): sequences start again from 1.
            if (page[0].Sequence <= _lastSequence)
            {
                return;
            }
            _dropped += page[0].Sequence - _lastSequence - 1;
            foreach (var receipt in page)
            {
                _all.Add(receipt);
                _countByPhone[receipt.To] = _countByPhone.GetValueOrDefault(receipt.To) + 1;
                if (receipt.TraceId is { } traceId)
                {
                    if (!_byTrace.TryGetValue(traceId, out var same))
                    {
                        _byTrace[traceId] = same = [];
                    }
                    same.Add(receipt);
                }
            }
            _lastSequence = page[^1].Sequence;
            _lastArrival = Stopwatch.GetTimestamp();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            throw new InvalidOperationException("Reading the sandbox's receipts failed.", _failure);
        }
    }
}
