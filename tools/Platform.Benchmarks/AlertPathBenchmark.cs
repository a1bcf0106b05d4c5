using Platform.ServiceDefaults.Authentication;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Benchmarks;

/// <summary>
/// The alert path as a woman's phone drives it, through the gateway of a running stack: presses paced at a fixed rate
/// from several beneficiaries, each with one confirmed contact. Measures press -> 202 (the commit) and press -> the SMS
/// reaching the Twilio sandbox (same machine, same clock). Prints percentiles in milliseconds.
/// </summary>
public static class AlertPathBenchmark
{
    private const string Usage = "usage: Platform.Benchmarks alerts --gateway http://127.0.0.1:8080 --sandbox http://127.0.0.1:5109 " +
        "--key-dir .platform/dev-keys [--beneficiaries 10] [--presses 100] [--rate 10]";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options.GetValueOrDefault("key-dir") is not { } keyDirectory)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var key = DevelopmentSigningKey.LoadOrCreate(keyDirectory);
        string Token(string role, Guid? association, Guid subject) =>
            DevelopmentTokens.Mint(key, role, association, subject, TimeSpan.FromHours(1), TimeProvider.System);
        using var gateway = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("gateway", "http://127.0.0.1:8080")) };
        using var sandbox = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("sandbox", "http://127.0.0.1:5109")) };
        var beneficiaryCount = Options.Number(options, "beneficiaries", 10);
        var pressCount = Options.Number(options, "presses", 100);
        var rate = Options.Number(options, "rate", 10);

        var association = Guid.CreateVersion7();
        var admin = Token(PlatformRoles.Admin, null, Guid.CreateVersion7());
        var @operator = Token(PlatformRoles.Operator, association, Guid.CreateVersion7());
        await SendAsync(gateway, HttpMethod.Put, $"/api/devices/associations/{association}", admin,
            new { code = $"BENCH-{Random.Shared.Next(0x10000, 0xFFFFF):X5}", name = "Benchmark" });
        var women = new List<(Guid DeviceId, string Token, string ContactPhone, int Baseline)>();
        for (var i = 0; i < beneficiaryCount; i++)
        {
            women.Add(await PrepareAsync(gateway, sandbox, admin, @operator, association, i, Token));
        }
        Console.WriteLine($"{beneficiaryCount} beneficiaries ready; {pressCount} presses at {rate}/s through {gateway.BaseAddress}");

        var commits = new List<double>();
        var deliveries = new List<double>();
        var pending = new List<Task>();
        var pace = Stopwatch.StartNew();
        for (var press = 0; press < pressCount; press++)
        {
            // Paced, not a burst: press n leaves at n / rate seconds.
            var due = TimeSpan.FromSeconds((double)press / rate) - pace.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
            var (deviceId, token, phone, baseline) = women[press % women.Count];
            // After the warm-up SMS, this press brings the contact's (baseline + n + 1)-th.
            var already = baseline + (press / women.Count);
            pending.Add(MeasureAsync(gateway, sandbox, deviceId, token, phone, already, commits, deliveries));
        }
        await Task.WhenAll(pending);
        Report("press -> 202", commits);
        Report("press -> SMS", deliveries);
        return 0;
    }

    private static async Task MeasureAsync(HttpClient gateway, HttpClient sandbox, Guid deviceId, string token, string phone,
        int alertSmsBefore, List<double> commits, List<double> deliveries)
    {
        var pressedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await SendAsync(gateway, HttpMethod.Post, "/api/alerts", token, new
        {
            deviceId,
            pressPattern = "doubleClick",
            location = new { latitude = 45.7772, longitude = 3.087, accuracyMeters = 10, capturedAt = pressedAt },
        }, $"bench-{Guid.NewGuid():N}");
        lock (commits)
        {
            commits.Add(clock.Elapsed.TotalMilliseconds);
        }
        // This press's SMS is the contact's (alertSmsBefore + 1)-th alert SMS; its receivedAt is the sandbox's clock.
        while (clock.Elapsed < Patience)
        {
            var alertSms = (await MessagesAsync(sandbox, phone)).Where(m => m["body"]!.GetValue<string>().StartsWith("BENCH", StringComparison.Ordinal))
                .Select(m => m["receivedAt"]!.GetValue<DateTimeOffset>()).Order().ToList();
            if (alertSms.Count > alertSmsBefore)
            {
                lock (deliveries)
                {
                    deliveries.Add((alertSms[alertSmsBefore] - pressedAt).TotalMilliseconds);
                }
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        throw new TimeoutException($"No SMS within {Patience.TotalSeconds} s of a press.");
    }

    private static async Task<int> BenchSmsAsync(HttpClient sandbox, string phone) =>
        (await MessagesAsync(sandbox, phone)).Count(m => m["body"]!.GetValue<string>().StartsWith("BENCH", StringComparison.Ordinal));

    private static async Task<(Guid DeviceId, string Token, string ContactPhone, int Baseline)> PrepareAsync(HttpClient gateway, HttpClient sandbox,
        string admin, string @operator, Guid association, int index, Func<string, Guid?, Guid, string> token)
    {
        var device = await SendAsync(gateway, HttpMethod.Post, "/api/devices", admin,
            new { serial = $"BENCH-{Guid.NewGuid():N}"[..20], model = "Bluetooth button", associationId = association });
        var beneficiary = await SendAsync(gateway, HttpMethod.Post, "/api/beneficiaries", @operator,
            new { displayName = $"B{index}", language = "fr", alertMessage = "BENCH alert" });
        var beneficiaryId = beneficiary["id"]!.GetValue<Guid>();
        var phone = $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}";
        await SendAsync(gateway, HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts", @operator, new { name = "Contact", phone, tier = 1 });
        await UntilAsync(async () => (await MessagesAsync(sandbox, phone)).Count > 0);
        using (var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = phone, to = "+33757000000", body = "OUI" }))
        {
            reply.EnsureSuccessStatusCode();
        }
        var deviceId = device["id"]!.GetValue<Guid>();
        await UntilAsync(async () => await TrySendAsync(gateway, HttpMethod.Post, $"/api/devices/{deviceId}/pairing", @operator, new { beneficiaryId }));
        await UntilAsync(async () =>
        {
            var profile = await SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{beneficiaryId}", @operator, null);
            return profile["contacts"]![0]!["consent"]!.GetValue<string>() == "confirmed";
        });
        var herToken = token(PlatformRoles.Beneficiary, association, beneficiaryId);
        // The pairing and her confirmed contact reach alerts and notifications by events: warm-up presses (not
        // measured) until one SMS arrives; how many did is the baseline the measured presses count from.
        var warmedUp = Stopwatch.StartNew();
        while (await BenchSmsAsync(sandbox, phone) == 0)
        {
            if (warmedUp.Elapsed > Patience)
            {
                throw new TimeoutException("No warm-up press reached her contact.");
            }
            await TrySendAsync(gateway, HttpMethod.Post, "/api/alerts", herToken, new
            {
                deviceId,
                pressPattern = "doubleClick",
                location = new { latitude = 45.7772, longitude = 3.087, accuracyMeters = 10 },
            }, $"warmup-{Guid.NewGuid():N}");
            var sent = Stopwatch.StartNew();
            while (sent.Elapsed < TimeSpan.FromSeconds(2) && await BenchSmsAsync(sandbox, phone) == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }
        // Let any other warm-up still in flight land before the baseline is read.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return (deviceId, herToken, phone, await BenchSmsAsync(sandbox, phone));
    }

    private static async Task<List<JsonObject>> MessagesAsync(HttpClient sandbox, string phone) =>
        [.. (await sandbox.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(phone)}"))!.Select(m => m!.AsObject())];

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException("The stack did not reach the expected state in time.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static async Task<bool> TrySendAsync(HttpClient client, HttpMethod method, string path, string token, object? body, string? key = null)
    {
        using var request = Request(method, path, token, body, key);
        using var response = await client.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body, string? key = null)
    {
        using var request = Request(method, path, token, body, key);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!.AsObject()
            : throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    private static void Report(string what, List<double> timings)
    {
        var sorted = timings.Order().ToList();
        double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-13} n={sorted.Count,4}  p50 {Percentile(0.50),7:F1} ms  p95 {Percentile(0.95),7:F1} ms  p99 {Percentile(0.99),7:F1} ms  max {sorted[^1],7:F1} ms"));
    }
}
