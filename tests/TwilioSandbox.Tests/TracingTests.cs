using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Twilio.Types;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class TracingTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task The_traceparent_of_the_sending_activity_is_recorded_with_the_message()
    {
        var to = TestNumbers.Unique();
        using var activity = new Activity("Sending an alert").SetIdFormat(ActivityIdFormat.W3C).Start();

        await TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(sandbox));

        using var client = sandbox.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal(activity.Id, recorded.Traceparent);
        Assert.Contains(activity.TraceId.ToHexString(), recorded.Traceparent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_traceparent_header_of_a_call_request_is_recorded()
    {
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        var to = TestNumbers.Unique();
        using var client = SandboxConnection.RawClient(sandbox);
        using var request = new HttpRequestMessage(HttpMethod.Post, SandboxConnection.CallsPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["To"] = to, ["From"] = TestNumbers.Sender, ["Url"] = "https://platform.example/twiml/alert",
            }),
        };
        request.Headers.Add("traceparent", traceparent);

        using var response = await client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedCall>>($"/sandbox/calls?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal(traceparent, recorded.Traceparent);
    }

    [Fact]
    public async Task A_message_sent_without_trace_context_records_none()
    {
        var to = TestNumbers.Unique();
        using var client = SandboxConnection.RawClient(sandbox);

        (await client.PostAsync(SandboxConnection.MessagesPath, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["To"] = to, ["From"] = TestNumbers.Sender, ["Body"] = "x" }))).Dispose();

        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!);
        Assert.Null(recorded.Traceparent);
    }
}
