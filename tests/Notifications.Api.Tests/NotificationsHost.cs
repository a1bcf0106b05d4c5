extern alias sandbox;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using sandbox::Platform.TwilioSandbox;
using sandbox::Platform.TwilioSandbox.Callbacks;
using sandbox::Platform.TwilioSandbox.TwilioProtocol;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Notifications.Api.Tests;

/// <summary>A second notifications replica beside <paramref name="first"/> (competing for the same queues).</summary>
public sealed class NotificationsReplica(NotificationsHost first) : NotificationsHost(first);

/// <summary>
/// The notifications service on the real PostgreSQL and RabbitMQ, calling the Twilio library against the project's
/// Twilio-compatible sandbox, which listens on a real loopback port like the real Twilio would on the Internet.
/// </summary>
public class NotificationsHost : ServiceHost<Program>
{
    public const string AccountSid = SandboxOptions.DefaultAccountSid;
    private readonly NotificationsHost? _first;
    private WebApplication? _sandbox;

    public NotificationsHost()
        : base("notifications")
    {
    }

    /// <summary>Another replica: the same database, virtual host and sandbox (the contacts' phones), a process state of its own.</summary>
    protected NotificationsHost(NotificationsHost first)
        : base(first)
    {
        _first = first;
    }

    public Uri SandboxAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        if (_first is not null)
        {
            SandboxAddress = _first.SandboxAddress;
            await base.InitializeAsync();
            return;
        }
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddTwilioSandbox();
        // The sandbox posts call callbacks to Twilio:WebhookBaseUrl like Twilio would; here that is the in-memory host.
        builder.Services.AddHttpClient(StatusCallbackSender.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        _sandbox = builder.Build();
        _sandbox.MapTwilioApi();
        _sandbox.MapSandboxApi();
        await _sandbox.StartAsync();
        SandboxAddress = new Uri(_sandbox.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Twilio:AccountSid", AccountSid),
        new("Twilio:AuthToken", SandboxOptions.DefaultAuthToken),
        new("Twilio:FromNumber", "+33757000000"),
        new("Twilio:BaseUrl", SandboxAddress.ToString()),
        new("Twilio:WebhookBaseUrl", PublicBaseUrl),
        // Short, so retry tests take seconds: the first retry after 200-400 ms, the outage noticed after 1 s of failures.
        new("Notifications:Telephony:RetryBase", "00:00:00.4"),
        new("Notifications:Telephony:OutageNotice", "00:00:01"),
        new("Notifications:AlertPage:SigningKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
        new("Notifications:AlertPage:GracePeriod", AlertPageGracePeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
        new("Notifications:Webhooks:SecretKey", WebhookSecretKey),
        // Test receivers listen on 127.0.0.1 over http; every other internal address stays refused.
        new("Notifications:Webhooks:AllowedHosts:0", "127.0.0.1"),
        // An hour instead of days: a test sees an endpoint failing "for too long" after the schedule's first few attempts.
        new("Notifications:Webhooks:DisableAfterFailingFor", "01:00:00"),
    ];

    /// <summary>Shared by the replicas: each must read the secrets the other stored.</summary>
    private static readonly string WebhookSecretKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The service's clock: real time, which a test may stop and move forward (never a sleep).</summary>
    public TestClock Clock { get; } = new();

    /// <summary>Names a test makes resolve where it wants (a DNS server answering with an internal address); others go to DNS.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, System.Net.IPAddress[]> TestDns { get; } = new(StringComparer.OrdinalIgnoreCase);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Platform.Notifications.Api.Webhooks.ResolveHost>((host, cancellationToken) =>
                TestDns.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : System.Net.Dns.GetHostAddressesAsync(host, cancellationToken));
        });
    }

    /// <summary>Short, so a test sees the alert page refuse a link once its alert has been over for that long.</summary>
    public static readonly TimeSpan AlertPageGracePeriod = TimeSpan.FromSeconds(4);

    /// <summary>Scripts what the sandbox does next (failures, delivery statuses): see the sandbox's /sandbox/scripts.</summary>
    public async Task ScriptAsync(object script)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        using var response = await client.PostAsJsonAsync("/sandbox/scripts", script);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The address the in-memory host answers on, standing for the gateway's public one.</summary>
    public const string PublicBaseUrl = "http://localhost";

    public static string RandomPhone() => $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Publishes her snapshot and waits until this service's copy holds that version.</summary>
    public async Task KnownContactsAsync(Platform.Contacts.Contracts.ContactsChanged snapshot)
    {
        await PublishAsync(snapshot);
        var store = Services.GetRequiredService<Marten.IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Contacts.ContactsCopy>(snapshot.BeneficiaryId) is { } copy && copy.Version == snapshot.Version;
        }, "the contacts copy");
    }

    public Task<IReadOnlyList<JsonObject>> WaitForSmsAsync(string phone, int count = 1) =>
        Eventually.ValueAsync(async () =>
        {
            var received = await SmsToAsync(phone);
            return (received.Count >= count, received);
        }, $"{count} SMS at {phone[..5]}");

    /// <summary>An SMS from a phone to the platform's number, as Twilio posts it (signed unless told otherwise).</summary>
    public async Task<HttpResponseMessage> PostInboundSmsAsync(string from, string body, bool sign = true, string? messageSid = null)
    {
        using var client = CreateClient();
        var url = new Uri(client.BaseAddress!, "/callbacks/twilio/sms").ToString();
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid ?? $"SM{Guid.NewGuid():N}",
            ["AccountSid"] = SandboxOptions.DefaultAccountSid,
            ["From"] = from,
            ["To"] = "+33757000000",
            ["Body"] = body,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.HeaderName,
            sign ? TwilioSignature.Compute(SandboxOptions.DefaultAuthToken, url, form) : "forged");
        return await client.SendAsync(request);
    }

    /// <summary>A webhook as Twilio posts it to the public URL: signed for that URL (or with the signature given, or none).</summary>
    public async Task<HttpResponseMessage> PostTwilioAsync(Uri publicUrl, IReadOnlyDictionary<string, string> fields, string? signature = "")
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, publicUrl.PathAndQuery)
        {
            Content = new FormUrlEncodedContent(fields),
        };
        if (signature is not null)
        {
            request.Headers.Add(TwilioSignature.HeaderName,
                signature.Length > 0 ? signature : TwilioSignature.Compute(SandboxOptions.DefaultAuthToken, publicUrl.ToString(), fields.ToDictionary()));
        }
        return await client.SendAsync(request);
    }

    /// <summary>Publishes the association's roster and waits until this service's copy holds that version.</summary>
    public async Task KnownRosterAsync(Platform.Contacts.Contracts.RosterChanged roster)
    {
        await PublishAsync(roster);
        var store = Services.GetRequiredService<Marten.IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<Contacts.RosterCopy>(roster.AssociationId) is { } copy && copy.Version == roster.Version;
        }, "the roster copy");
    }

    /// <summary>A weekly shift from an hour ago to an hour from now (past midnight when it has to).</summary>
    public static Platform.Contacts.Contracts.WeeklyShift OnCallNow()
    {
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return new(paris.AddHours(-1).DayOfWeek, TimeOnly.FromDateTime(paris.AddHours(-1).DateTime),
            TimeOnly.FromDateTime(paris.AddHours(1).DateTime), "Europe/Paris");
    }

    /// <summary>A weekly shift that starts in three hours: not on call now.</summary>
    public static Platform.Contacts.Contracts.WeeklyShift OnCallLater()
    {
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return new(paris.AddDays(1).AddHours(3).DayOfWeek, TimeOnly.FromDateTime(paris.AddHours(3).DateTime),
            TimeOnly.FromDateTime(paris.AddHours(4).DateTime), "Europe/Paris");
    }

    public async Task<IReadOnlyList<JsonObject>> CallsToAsync(string phone)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        var calls = await client.GetFromJsonAsync<JsonArray>($"/sandbox/calls?to={Uri.EscapeDataString(phone)}");
        return [.. calls!.Select(c => c!.AsObject())];
    }

    public Task<IReadOnlyList<JsonObject>> WaitForCallsAsync(string phone, int count = 1) =>
        Eventually.ValueAsync(async () =>
        {
            var placed = await CallsToAsync(phone);
            return (placed.Count >= count, placed);
        }, $"{count} call(s) to {phone[..5]}");

    /// <summary>
    /// Plays the phone network for a call: the sandbox posts the status (and the key pressed) to the call's callback,
    /// signed, and answers what that callback replied.
    /// </summary>
    public async Task<int> PlayCallAsync(JsonObject call, string status, string? digits = null)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        using var answer = await client.PostAsJsonAsync($"/sandbox/calls/{call["sid"]!.GetValue<string>()}/status", new { status, digits });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonObject>())!["callbackStatusCode"]!.GetValue<int>();
    }

    public async Task<IReadOnlyList<JsonObject>> SmsToAsync(string phone)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        var messages = await client.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(phone)}");
        return [.. messages!.Select(m => m!.AsObject())];
    }
}
