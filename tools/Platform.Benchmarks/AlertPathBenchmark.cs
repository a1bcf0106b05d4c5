using Npgsql;
using Platform.Benchmarks.AlertPath;
using Platform.ServiceDefaults.Authentication;
using System.Globalization;
using System.Reflection;

namespace Platform.Benchmarks;

/// <summary>
/// The alert path as women's phones drive it, through the gateway of a running stack, open loop: presses leave at a fixed
/// rate whatever the answers do, each from a beneficiary with confirmed contacts. Each press's SMS are found at the
/// Twilio sandbox by the press's trace id (the platform carries it into its Twilio requests) and timed by the sandbox's
/// receive clock (same machine, both monotonic and anchored to UTC). See <see cref="AlertRunReport"/> for what is printed.
/// </summary>
public static class AlertPathBenchmark
{
    private const string Usage = "usage: Platform.Benchmarks alerts --key-dir .platform/dev-keys [--gateway http://127.0.0.1:8080] " +
        "[--sandbox http://127.0.0.1:5109] [--rate 20] [--duration 10] [--presses N (instead of rate x duration)] [--beneficiaries 100] " +
        "[--contacts 5] [--drain 60] [--warm-up 20] [--seed-file KEYDIR/../bench-seed.json] [--run-dir KEYDIR/../run] " +
        "[--postgres CONNECTION-STRING (reports its durability)] [--build TEXT] [--platform-number +33757000000] " +
        "[--silent-webhook true (the association also has a webhook endpoint that never answers)]";

    /// <summary>What the silent endpoint is sent: every alert event a benchmark run raises.</summary>
    private static readonly string[] SilentWebhookEvents =
        ["alert.triggered", "alert.location_updated", "alert.acknowledged", "alert.escalated", "alert.resolved"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.ParseOrExplain(args, Usage) is not { } options)
        {
            return 2;
        }
        if (options.GetValueOrDefault("key-dir") is not { } keyDirectory)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var stateDirectory = Path.GetDirectoryName(Path.GetFullPath(keyDirectory))!;
        var rate = Options.Real(options, "rate", 20);
        var total = options.ContainsKey("presses") ? Options.Number(options, "presses", 0) : (int)Math.Round(rate * Options.Real(options, "duration", 10));
        var beneficiaryCount = Options.Number(options, "beneficiaries", 100);
        var contacts = Options.Number(options, "contacts", 5);
        var drainTimeout = TimeSpan.FromSeconds(Options.Real(options, "drain", 60));
        if (rate <= 0 || total < 1 || beneficiaryCount < 1 || contacts is < 1 or > 10)
        {
            Console.Error.WriteLine("rate, presses and beneficiaries must be positive, contacts from 1 to 10.");
            return 2;
        }

        // Tokens from the stack's identity service (its development client), checked as production's are.
        var gatewayAddress = new Uri(options.GetValueOrDefault("gateway", "http://127.0.0.1:8080"));
        using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        string Token(string role, Guid? association, Guid subject, IReadOnlyList<string>? rights) =>
            DevelopmentTokenClient.Request(tokenHttp, gatewayAddress, role, association, subject, rights, lifetimeMinutes: 120);
        using var gatewayHttp = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = gatewayAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var sandbox = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("sandbox", "http://127.0.0.1:5109")) };
        var gateway = new Gateway(gatewayHttp);
        await using var receipts = new SandboxReceipts(sandbox);

        var world = new BenchmarkWorld(gateway, sandbox, receipts, Token, contacts, options.GetValueOrDefault("platform-number", "+33757000000"));
        var (ready, _, _) = await world.PrepareAsync(
            options.GetValueOrDefault("seed-file", Path.Combine(stateDirectory, "bench-seed.json")),
            beneficiaryCount,
            Options.Number(options, "warm-up", 20));

        await using var silentReceiver = options.GetValueOrDefault("silent-webhook") == "true" ? new SilentWebhookReceiver() : null;
        Guid? silentEndpoint = null;
        var associationAdmin = Token(PlatformRoles.Operator, world.AssociationId, Guid.CreateVersion7(), [PlatformRights.AssociationAdmin]);
        if (silentReceiver is not null)
        {
            var created = await gateway.SendAsync(HttpMethod.Post, "/api/webhooks/endpoints", associationAdmin, new
            {
                url = silentReceiver.Address.ToString(),
                eventTypes = SilentWebhookEvents,
                description = "benchmark: never answers",
            });
            silentEndpoint = created["endpoint"]!["id"]!.GetValue<Guid>();
            Console.WriteLine($"webhooks: one endpoint of the association accepts connections and never answers ({silentReceiver.Address}).");
        }
        var leftOver = await world.ResolveActiveAlertsAsync();
        if (leftOver > 0)
        {
            Console.WriteLine($"{leftOver} active alerts left by an earlier run resolved first.");
        }
        await receipts.CatchUpAsync();
        var runFromSequence = receipts.LastSequence;
        var stack = MachineFacts.StackProcesses(options.GetValueOrDefault("run-dir", Path.Combine(stateDirectory, "run")));
        var peaksReset = stack.Count > 0 && stack.All(process => MachineFacts.ResetPeakMemory(process.Pid));
        var setting = new RunSetting(
            MachineFacts.Describe(),
            MachineFacts.LoadAverage(),
            options.GetValueOrDefault("build", $"benchmark {Configuration()}; services: not given (--build)"),
            await DurabilityAsync(options.GetValueOrDefault("postgres")),
            stack,
            ready.Count,
            contacts,
            rate,
            TimeSpan.FromSeconds(total / rate),
            drainTimeout);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} presses at {rate:0.##}/s through {gatewayHttp.BaseAddress} ({ready.Count} beneficiaries, {contacts} contacts each)..."));

        var clock = new BenchmarkClock();
        var cpuBefore = MachineFacts.SampleCpu(stack);
        var presses = await OpenLoopRun.RunAsync(gateway, clock, ready, rate, total, Guid.NewGuid().ToString("N")[..12]);
        var (drained, timedOut) = await DrainAsync(receipts, presses, clock, drainTimeout);
        await receipts.CatchUpAsync();
        var cpuAfter = MachineFacts.SampleCpu(stack);
        // Measured; now the run's alerts end as an operator would end them, so none escalates into the next run.
        var resolvedAfter = await world.ResolveActiveAlertsAsync();
        Console.WriteLine($"{resolvedAfter} alerts of this run resolved after measuring.");
        if (silentEndpoint is { } endpointId)
        {
            Console.WriteLine($"webhooks: the silent endpoint held {silentReceiver!.Connections} connections; deleting it.");
            await gateway.StatusOfAsync(HttpMethod.Delete, $"/api/webhooks/endpoints/{endpointId}", associationAdmin, null);
        }

        Console.Write(AlertRunReport.Render(setting, new RunMeasures(
            presses,
            receipts.After(runFromSequence),
            clock.At(presses[0].Scheduled),
            drained,
            timedOut,
            receipts.Dropped,
            cpuBefore,
            cpuAfter,
            stack.ToDictionary(process => process.Name, process => MachineFacts.PeakResident(process.Pid)),
            peaksReset)));
        return 0;
    }

    /// <summary>Waits until every accepted alert has reached all her contacts, or the drain timeout after the last answer.</summary>
    private static async Task<(TimeSpan Drained, bool TimedOut)> DrainAsync(SandboxReceipts receipts, IReadOnlyList<Press> presses,
        BenchmarkClock clock, TimeSpan timeout)
    {
        var lastAnswer = clock.Elapsed;
        var waiting = presses.Where(press => press.Status == 202).ToList();
        while (true)
        {
            waiting.RemoveAll(press =>
                receipts.ForTrace(press.TraceId).Select(receipt => receipt.To).Distinct(StringComparer.Ordinal).Count() >= press.She.Phones.Count);
            var drained = clock.Elapsed - lastAnswer;
            if (waiting.Count == 0 || drained > timeout)
            {
                return (drained, waiting.Count > 0);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    /// <summary>PostgreSQL's durability settings, as the figures depend on them.</summary>
    private static async Task<string> DurabilityAsync(string? connectionString)
    {
        if (connectionString is null)
        {
            return "PostgreSQL settings not read (--postgres not given)";
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var settings = new List<string>();
        while (await reader.ReadAsync())
        {
            settings.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        }
        return $"PostgreSQL {connection.PostgreSqlVersion}: {string.Join(", ", settings)}; RabbitMQ quorum queues";
    }

    private static string Configuration() =>
        typeof(AlertPathBenchmark).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "unknown";
}
