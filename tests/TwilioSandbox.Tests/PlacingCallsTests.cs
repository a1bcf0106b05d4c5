using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox.Calls;
using Twilio.Exceptions;
using Twilio.Types;
using TwilioCall = Twilio.Rest.Api.V2010.Account.CallResource;

namespace TwilioSandbox.Tests;

public sealed class PlacingCallsTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Placing_a_call_through_the_twilio_library_is_recorded()
    {
        var to = TestNumbers.Unique();

        var call = await TwilioCall.CreateAsync(
            to: new PhoneNumber(to),
            from: new PhoneNumber(TestNumbers.Sender),
            twiml: new Twiml("<Response><Gather numDigits=\"1\"><Say>Press 1.</Say></Gather></Response>"),
            statusCallback: new Uri("https://platform.example/twilio/call-status"),
            statusCallbackEvent: ["initiated", "answered", "completed"],
            timeout: 25,
            client: SandboxConnection.TwilioClient(sandbox));

        Assert.Matches("^CA[0-9a-f]{32}$", call.Sid);
        Assert.Equal(TwilioCall.StatusEnum.Queued, call.Status);
        Assert.Equal("outbound-api", call.Direction);

        using var client = sandbox.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedCall>>($"/sandbox/calls?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal(call.Sid, recorded.Sid);
        Assert.Equal(["initiated", "answered", "completed"], recorded.StatusCallbackEvents);
        Assert.Equal(25, recorded.Timeout);
        Assert.Equal("https://platform.example/twilio/call-status", recorded.StatusCallback);
    }

    [Fact]
    public async Task A_call_without_url_or_twiml_is_refused_with_21205()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioCall.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender),
            client: SandboxConnection.TwilioClient(sandbox)));

        Assert.Equal(400, error.Status);
        Assert.Equal(21205, error.Code);
    }

    [Fact]
    public async Task A_call_with_wrong_credentials_is_refused_with_a_401()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioCall.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), url: new Uri("https://platform.example/twiml"),
            client: SandboxConnection.TwilioClient(sandbox, authToken: "not-the-token")));

        Assert.Equal(401, error.Status);
    }
}
