using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.TwilioSandbox.Messages;
using Twilio.Types;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class TimeTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task The_time_received_comes_from_the_time_provider_and_reaches_the_library_as_twilio_dates()
    {
        var now = new DateTimeOffset(2026, 3, 8, 1, 59, 30, TimeSpan.Zero);
        await using var frozen = sandbox.WithWebHostBuilder(host =>
            host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(now))));
        var to = TestNumbers.Unique();

        var sent = await TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(frozen));

        Assert.Equal(now.UtcDateTime, sent.DateCreated!.Value.ToUniversalTime());
        using var client = frozen.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal(now, recorded.ReceivedAt);
    }
}
