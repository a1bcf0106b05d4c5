using System.Diagnostics;

namespace Platform.Benchmarks.AlertPath;

/// <summary>One press of the run, as scheduled and as it went.</summary>
public sealed class Press(int index, ReadyBeneficiary she, TimeSpan scheduled)
{
    public int Index { get; } = index;
    public ReadyBeneficiary She { get; } = she;

    /// <summary>When it was due, after the run's start.</summary>
    public TimeSpan Scheduled { get; } = scheduled;

    /// <summary>Names the alert's SMS at the sandbox: the platform carries the press's trace into its Twilio requests.</summary>
    public string TraceId { get; } = ActivityTraceId.CreateRandom().ToHexString();

    /// <summary>How late it left: the client's own saturation, visible instead of hidden in the latencies.</summary>
    public TimeSpan Lag { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>The gateway's status code; null when no answer came (see <see cref="Error"/>).</summary>
    public int? Status { get; set; }

    public TimeSpan? Answered { get; set; }

    public string? Error { get; set; }
}

/// <summary>
/// Presses at a fixed rate whatever the answers do (open loop): press n is due at n / rate seconds and leaves on its own
/// task then, so a slow platform builds a queue instead of slowing the client down, as real phones would.
/// </summary>
public static class OpenLoopRun
{
    public static async Task<IReadOnlyList<Press>> RunAsync(Gateway gateway, BenchmarkClock clock, IReadOnlyList<ReadyBeneficiary> beneficiaries,
        double rate, int total, string runId)
    {
        var start = clock.Elapsed + TimeSpan.FromMilliseconds(50);
        var presses = Enumerable.Range(0, total)
            .Select(i => new Press(i, beneficiaries[i % beneficiaries.Count], start + TimeSpan.FromSeconds(i / rate)))
            .ToList();
        var inFlight = new List<Task>(total);
        var next = 0;
        while (next < total)
        {
            var now = clock.Elapsed;
            while (next < total && presses[next].Scheduled <= now)
            {
                var press = presses[next++];
                inFlight.Add(Task.Run(() => SendAsync(gateway, clock, press, runId)));
            }
            if (next < total)
            {
                var wait = presses[next].Scheduled - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1.5))
                {
                    // Wakes a little early; the loop then fires what is due.
                    await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
                }
                else if (wait > TimeSpan.Zero)
                {
                    Thread.Yield();
                }
            }
        }
        await Task.WhenAll(inFlight);
        return presses;
    }

    private static async Task SendAsync(Gateway gateway, BenchmarkClock clock, Press press, string runId)
    {
        press.Lag = clock.Elapsed - press.Scheduled;
        var sentAt = Stopwatch.GetTimestamp();
        press.SentAt = clock.UtcNow;
        try
        {
            using var request = Gateway.Request(HttpMethod.Post, "/api/alerts", press.She.Token, Gateway.Press(press.She.DeviceId, press.SentAt),
                $"bench-{runId}-{press.Index}", $"00-{press.TraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            using var response = await gateway.Http.SendAsync(request);
            press.Answered = Stopwatch.GetElapsedTime(sentAt);
            press.Status = (int)response.StatusCode;
            await response.Content.LoadIntoBufferAsync();
        }
        catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
        {
            press.Error = failure is TaskCanceledException ? "timeout" : failure.Message;
        }
    }
}
