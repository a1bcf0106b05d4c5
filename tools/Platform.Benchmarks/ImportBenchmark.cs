using Platform.ServiceDefaults.Authentication;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Benchmarks;

/// <summary>
/// A region's delivery, imported as the admin would: 700 buttons across 23 associations in one CSV, first as new
/// buttons, then again (nothing to change). Prints each call and min / median / max in milliseconds.
/// </summary>
public static class ImportBenchmark
{
    private const string Usage =
        "usage: Platform.Benchmarks --url http://127.0.0.1:5301 [--token JWT | --identity http://127.0.0.1:5106] [--runs 10] [--devices 700] [--associations 23]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.ParseOrExplain(args, Usage) is not { } options)
        {
            return 2;
        }
        var url = new Uri(options.GetValueOrDefault("url", "http://127.0.0.1:5301"));
        var runs = Options.Number(options, "runs", 10);
        var deviceCount = Options.Number(options, "devices", 700);
        var associationCount = Options.Number(options, "associations", 23);
        using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        // Without --token, an admin's token from the running identity service's development client.
        var token = options.TryGetValue("token", out var given) ? given
            : DevelopmentTokenClient.Request(tokenHttp, new Uri(options.GetValueOrDefault("identity", "http://127.0.0.1:5106")),
                PlatformRoles.Admin, null, Guid.CreateVersion7(), lifetimeMinutes: 60);

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        // A fresh delivery per benchmark run, so the first import really provisions every button.
        var delivery = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var codes = new List<string>();
        for (var i = 0; i < associationCount; i++)
        {
            var code = $"B{delivery}-{i:D2}";
            using var registered = await http.PutAsJsonAsync($"/api/devices/associations/{Guid.CreateVersion7()}",
                new { code, name = $"Benchmark association {i}" });
            registered.EnsureSuccessStatusCode();
            codes.Add(code);
        }
        var csv = new StringBuilder("serial,model,association,batch\n");
        for (var i = 0; i < deviceCount; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"BTN-{delivery}-{i:D5},Flic 2,{codes[i % codes.Count]},{delivery}\n");
        }
        var file = csv.ToString();
        Console.WriteLine($"{url} : {deviceCount} buttons across {associationCount} associations, {Encoding.UTF8.GetByteCount(file)} bytes, {runs} imports");

        var timings = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            using var content = new StringContent(file, Encoding.UTF8, "text/csv");
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsync(new Uri("/api/devices/imports", UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            clock.Stop();
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"import {run + 1} answered {(int)response.StatusCode}: {body}");
                return 1;
            }
            var summary = JsonNode.Parse(body)!;
            timings.Add(clock.Elapsed.TotalMilliseconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import {run + 1,3}: {clock.Elapsed.TotalMilliseconds,8:F1} ms  provisioned {summary["provisioned"]}, unchanged {summary["unchanged"]}, rejected {summary["rejected"]!.AsArray().Count}"));
        }
        Report("first import", timings.Take(1).ToList());
        if (timings.Count > 1)
        {
            Report("re-imports", timings.Skip(1).ToList());
        }
        Report("all imports", timings);
        return 0;
    }

    private static void Report(string what, List<double> timings)
    {
        var sorted = timings.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-13} n={sorted.Count,3}  min {sorted[0],8:F1} ms  median {median,8:F1} ms  max {sorted[^1],8:F1} ms"));
    }
}
