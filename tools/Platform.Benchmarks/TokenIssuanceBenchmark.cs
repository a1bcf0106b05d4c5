using Platform.ServiceDefaults.Authentication;
using System.Diagnostics;
using System.Globalization;

namespace Platform.Benchmarks;

/// <summary>
/// Token issuance through the gateway (the identity service's token endpoint: a signature and a token entry committed
/// to PostgreSQL), against its floor on the same path: a read of the public keys (the gateway, the identity service,
/// no database). Closed loop: each of `concurrency` clients asks again as soon as it has its answer.
/// </summary>
public static class TokenIssuanceBenchmark
{
    private const string Usage = "usage: Platform.Benchmarks tokens [--gateway http://127.0.0.1:8080] [--requests 2000] [--concurrency 4] [--warm-up 500]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.ParseOrExplain(args, Usage) is not { } options)
        {
            return 2;
        }
        var gateway = new Uri(options.GetValueOrDefault("gateway", "http://127.0.0.1:8080"));
        var requests = Options.Number(options, "requests", 2000);
        var concurrency = Options.Number(options, "concurrency", 4);
        var warmUp = Options.Number(options, "warm-up", 500);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { Timeout = TimeSpan.FromSeconds(30) };
        var association = Guid.CreateVersion7();

        Task Issue() => Task.Run(() => DevelopmentTokenClient.Request(http, gateway, PlatformRoles.Operator, association, Guid.CreateVersion7(),
            lifetimeMinutes: 10));
        async Task ReadKeys()
        {
            using var answer = await http.GetAsync(new Uri(gateway, "/.well-known/jwks"));
            answer.EnsureSuccessStatusCode();
        }

        Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
        // Warm-up long enough for the JIT's tiers and the connection pools to settle (both paths).
        await MeasureAsync(ReadKeys, warmUp, concurrency);
        await MeasureAsync(Issue, warmUp, concurrency);
        var floor = await MeasureAsync(ReadKeys, requests, concurrency);
        var issuance = await MeasureAsync(Issue, requests, concurrency);
        Console.WriteLine($"{requests} requests, {concurrency} at a time, after {warmUp} of warm-up each");
        Report("floor: GET /.well-known/jwks through the gateway", floor);
        Report("token issuance: POST /connect/token (development grant) through the gateway", issuance);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"issuance / floor: p50 x{issuance.P50 / floor.P50:F1}, p99 x{issuance.P99 / floor.P99:F1}, throughput {issuance.PerSecond / floor.PerSecond:P0} of the floor's"));
        return 0;
    }

    private sealed record Result(double P50, double P99, double PerSecond);

    private static void Report(string what, Result result) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {result.P50:F2} ms, p99 {result.P99:F2} ms, {result.PerSecond:F0}/s"));

    private static async Task<Result> MeasureAsync(Func<Task> request, int count, int concurrency)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await request();
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new(latencies[count / 2], latencies[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)], count / elapsed.TotalSeconds);
    }
}
