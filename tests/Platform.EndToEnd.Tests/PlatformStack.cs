using Platform.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The whole platform started by the project's own `./platform up`, on a database and RabbitMQ virtual host of its own
/// and free ports, so it runs beside a developer's stack. Tests reach it through the gateway only (and read the Twilio
/// sandbox, which stands for the contacts' phones).
/// </summary>
public sealed class PlatformStack : IAsyncLifetime
{
    // Room for second replicas too (PORT_BASE + 11 to + 14).
    private const int PortBlock = 20;

    /// <summary>Requests one token may make in 10 s through this stack's gateway.</summary>
    public const int RequestsPerSubject = 1000;

    /// <summary>How long a refresh token presented again counts as her phone retrying (production: 30 s).</summary>
    public static readonly TimeSpan RefreshTokenReuseLeeway = TimeSpan.FromSeconds(3);
    private readonly Dictionary<string, string> _environment = [];

    public string StateDirectory { get; } = Directory.CreateTempSubdirectory("platform-e2e-").FullName;
    public TestTokens Tokens { get; private set; } = null!;
    public Uri Gateway { get; private set; } = null!;
    public Uri Sandbox { get; private set; } = null!;
    /// <summary>The identity service reached directly (tests' development tokens); her app and staff go through the gateway.</summary>
    public Uri Identity { get; private set; } = null!;
    private const int IdentityPortOffset = 6;

    public async Task InitializeAsync()
    {
        var servers = await TestServers.GetAsync();
        var portBase = FindFreePortBlock();
        Gateway = new Uri($"http://127.0.0.1:{portBase}");
        Identity = new Uri($"http://127.0.0.1:{portBase + IdentityPortOffset}");
        // Tokens from the stack's identity service (its development client), named for the gateway as production's are.
        Tokens = new TestTokens(Path.Combine(StateDirectory, "dev-keys"), Identity, Gateway.ToString());
        Sandbox = new Uri($"http://127.0.0.1:{portBase + 9}");
        _environment["PLATFORM_STATE_DIR"] = StateDirectory;
        _environment["PLATFORM_POSTGRES"] = await servers.CreateDatabaseAsync("e2e");
        _environment["PLATFORM_RABBITMQ"] = (await servers.CreateVirtualHostAsync("e2e")).ToString();
        _environment["PLATFORM_RABBITMQ_MANAGEMENT"] = servers.RabbitMqManagement.ToString().TrimEnd('/');
        _environment["PLATFORM_GATEWAY_PORT"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["PLATFORM_PORT_BASE"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // ./platform test built everything already; a test never rebuilds under its own feet.
        _environment["PLATFORM_SKIP_BUILD"] = "1";
        // Her alert page refuses a link as soon as the alert ends (no grace), so a test sees it without waiting 15 minutes.
        _environment["PLATFORM_ALERT_PAGE_GRACE_SECONDS"] = "0";
        // The door's abuse limits, scaled to a test: every request here comes from 127.0.0.1, and tests poll every 50 ms.
        _environment["Gateway__RateLimits__Window"] = "00:00:10";
        _environment["Gateway__RateLimits__PerSubject"] = RequestsPerSubject.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _environment["Gateway__RateLimits__PerAddress"] = "10000000";
        // Every test signs in from 127.0.0.1: two browser sign-ins (a dozen posts each, passkey ceremonies included) may
        // fall in one 10 s window. Still low enough for the guessing test to meet the limit within its 40 tries.
        _environment["Gateway__RateLimits__SignInPerAddress"] = "30";
        _environment["Identity__RefreshTokenReuseLeeway"] = RefreshTokenReuseLeeway.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        // Repeats every 5 s, so a test walks the escalation chain in real time (production's floor is 30 s).
        _environment["Alerts__EscalationPolicy__MinRepeatSeconds"] = "5";
        // The console renews a staff member's 10-minute token before nearly every call: a test's few minutes exercise
        // what a shift of hours does.
        _environment["Console__RenewTokensBefore"] = "00:09:55";
        // Rosters are looked at for gaps ahead every 2 s, not every 15 min, so a test sees a warning (and that it is told once).
        _environment["Contacts__RosterGaps__CheckEvery"] = "00:00:02";
        await PlatformAsync("up");
    }

    public async Task DisposeAsync()
    {
        await PlatformAsync("down");
        var servers = await TestServers.GetAsync();
        await servers.DeleteVirtualHostAsync(new Uri(_environment["PLATFORM_RABBITMQ"]));
        await servers.DropDatabaseAsync(_environment["PLATFORM_POSTGRES"]);
    }

    public Task StopServiceAsync(string service) => PlatformAsync("stop", service);
    public Task StartServiceAsync(string service) => PlatformAsync("start", service);

    /// <summary>
    /// RabbitMQ gone, as every service of this stack sees it (./platform broker stop: the stack's virtual host refuses
    /// connections and drops the open ones; the server other suites share keeps running).
    /// </summary>
    public Task StopBrokerAsync() => PlatformAsync("broker", "stop");

    public Task StartBrokerAsync() => PlatformAsync("broker", "start");

    /// <summary>SIGKILL, as a crashed pod: no graceful shutdown, messages in flight unacknowledged.</summary>
    public Task KillServiceAsync(string service) => PlatformAsync("kill", service);

    /// <summary>The stack's own database, for the rare check no API shows (which replica sent a message).</summary>
    public string PostgresConnectionString => _environment["PLATFORM_POSTGRES"];

    public HttpClient Client() => new() { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>A service reached directly, behind the gateway's back (as from inside the cluster): it checks tokens itself.</summary>
    public HttpClient ServiceClient(string service) => new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{Gateway.Port + service switch
        {
            "devices" => 1, "contacts" => 2, "alerts" => 3, "notifications" => 4, "evidence" => 5, "identity" => IdentityPortOffset,
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "devices, contacts, alerts, notifications, evidence or identity"),
        }}"),
        Timeout = TimeSpan.FromSeconds(20),
    };

    private async Task PlatformAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryRoot, "platform"))
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"./platform {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}\n" +
                $"Service logs: {StateDirectory}/logs");
        }
    }

    /// <summary>The clone the tests run from (where ./platform is).</summary>
    internal static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "platform")) && File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (with ./platform) was not found above the test binaries.");
    }

    /// <summary>Consecutive free ports on loopback: gateway first, the services and their replicas after it.</summary>
    private static int FindFreePortBlock()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = Random.Shared.Next(20_000, 40_000 - PortBlock);
            if (Enumerable.Range(candidate, PortBlock).All(IsFree))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("No block of free ports found on 127.0.0.1.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<PlatformStack>
{
    public const string Name = "the running platform";
}
