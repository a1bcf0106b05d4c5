extern alias sandbox;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;
using sandbox::Platform.TwilioSandbox;
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

    public async Task<IReadOnlyList<JsonObject>> SmsToAsync(string phone)
    {
        using var client = new HttpClient { BaseAddress = SandboxAddress };
        var messages = await client.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(phone)}");
        return [.. messages!.Select(m => m!.AsObject())];
    }
}
