extern alias sandbox;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using sandbox::Platform.TwilioSandbox;
using sandbox::Platform.TwilioSandbox.TwilioProtocol;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Notifications.Api.Tests;

/// <summary>
/// The notifications service on the real PostgreSQL and RabbitMQ, calling the Twilio library against the project's
/// Twilio-compatible sandbox, which listens on a real loopback port like the real Twilio would on the Internet.
/// </summary>
public sealed class NotificationsHost() : ServiceHost<Program>("notifications")
{
    public const string AccountSid = SandboxOptions.DefaultAccountSid;
    private WebApplication? _sandbox;

    public Uri SandboxAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddTwilioSandbox();
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
    }

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Twilio:AccountSid", AccountSid),
        new("Twilio:AuthToken", SandboxOptions.DefaultAuthToken),
        new("Twilio:FromNumber", "+33757000000"),
        new("Twilio:BaseUrl", SandboxAddress.ToString()),
    ];

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
    public async Task<HttpResponseMessage> PostInboundSmsAsync(string from, string body, bool sign = true)
    {
        using var client = CreateClient();
        var url = new Uri(client.BaseAddress!, "/callbacks/twilio/sms").ToString();
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = $"SM{Guid.NewGuid():N}",
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

    public async Task<IReadOnlyList<JsonObject>> SmsToAsync(string phone)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        var messages = await client.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(phone)}");
        return [.. messages!.Select(m => m!.AsObject())];
    }
}
