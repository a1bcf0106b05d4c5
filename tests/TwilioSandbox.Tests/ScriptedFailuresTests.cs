using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Scripting;
using Twilio.Exceptions;
using Twilio.Types;
using TwilioCall = Twilio.Rest.Api.V2010.Account.CallResource;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class ScriptedFailuresTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task A_scripted_429_reaches_the_twilio_library_as_an_api_exception_and_nothing_is_recorded()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 429 } } });

        var error = await Assert.ThrowsAsync<ApiException>(() => Send(to, "first"));

        Assert.Equal(429, error.Status);
        Assert.Equal(20429, error.Code);
        Assert.Equal("https://www.twilio.com/docs/errors/20429", error.MoreInfo);
        Assert.Empty(await Recorded(to));
    }

    [Fact]
    public async Task Scripted_answers_are_given_in_order_one_per_request_then_sending_works_again()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 500 }, new { status = 503 } } });

        var first = await Assert.ThrowsAsync<ApiException>(() => Send(to, "one"));
        var second = await Assert.ThrowsAsync<ApiException>(() => Send(to, "two"));
        var third = await Send(to, "three");

        Assert.Equal((500, 20500), (first.Status, first.Code));
        Assert.Equal((503, 20503), (second.Status, second.Code));
        Assert.Equal(third.Sid, Assert.Single(await Recorded(to)).Sid);
    }

    [Fact]
    public async Task A_scripted_error_has_twilios_json_shape_and_the_retry_after_header_asked_for()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 503, retryAfterSeconds = 7 } } });
        using var client = SandboxConnection.RawClient(sandbox);

        using var response = await client.PostAsync(SandboxConnection.MessagesPath, SmsForm(to));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        Assert.Equal(
            """{"code":20503,"message":"Service Unavailable","more_info":"https://www.twilio.com/docs/errors/20503","status":503}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(21211)]
    [InlineData(21610)]
    public async Task A_scripted_twilio_code_reaches_the_library_with_a_valid_number(int code)
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 400, twilioCode = code } } });

        var error = await Assert.ThrowsAsync<ApiException>(() => Send(to, "x"));

        Assert.Equal(400, error.Status);
        Assert.Equal(code, error.Code);
        Assert.Empty(await Recorded(to));
    }

    [Fact]
    public async Task A_script_for_one_number_leaves_the_others_alone()
    {
        var scripted = TestNumbers.Unique();
        var other = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to = scripted, responses = new[] { new { status = 500 } } });

        await Send(other, "not scripted");
        await Assert.ThrowsAsync<ApiException>(() => Send(scripted, "scripted"));

        Assert.Single(await Recorded(other));
    }

    [Fact]
    public async Task A_script_without_a_number_fails_the_next_request_whatever_its_number()
    {
        await using var isolated = sandbox.WithWebHostBuilder(_ => { });
        using var client = isolated.CreateClient();
        (await client.PostAsJsonAsync("/sandbox/scripts", new { kind = "messages", to = (string?)null, responses = new[] { new { status = 500 } } }))
            .EnsureSuccessStatusCode();

        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioMessage.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(isolated)));

        Assert.Equal(500, error.Status);
        Assert.Empty((await client.GetFromJsonAsync<List<PendingScript>>("/sandbox/scripts"))!);
    }

    [Fact]
    public async Task A_delayed_answer_holds_the_request_that_long()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 503, delayMs = 400 } } });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ApiException>(() => Send(to, "x"));

        Assert.Equal(503, error.Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(390), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_delay_longer_than_the_clients_patience_is_a_timeout_and_sends_nothing()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 503, delayMs = 30_000 } } });
        using var client = SandboxConnection.RawClient(sandbox);
        client.Timeout = TimeSpan.FromMilliseconds(300);

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.PostAsync(SandboxConnection.MessagesPath, SmsForm(to)));

        Assert.Empty(await Recorded(to));
        Assert.DoesNotContain(await Pending(), script => script.To == to);
    }

    [Fact]
    public async Task A_scripted_call_failure_reaches_the_library_and_no_call_is_recorded()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "calls", to, responses = new[] { new { status = 400, twilioCode = 21215 } } });

        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioCall.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), url: new Uri("https://platform.example/twiml/alert"),
            client: SandboxConnection.TwilioClient(sandbox)));

        Assert.Equal((400, 21215), (error.Status, error.Code));
        using var client = sandbox.CreateClient();
        Assert.Empty((await client.GetFromJsonAsync<List<RecordedCall>>($"/sandbox/calls?to={Uri.EscapeDataString(to)}"))!);
    }

    [Fact]
    public async Task A_calls_script_does_not_touch_messages_to_the_same_number()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "calls", to, responses = new[] { new { status = 500 } } });

        await Send(to, "an sms goes through");

        Assert.Contains(await Pending(), script => script.To == to && script.Kind == "calls");
        using var client = sandbox.CreateClient();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/sandbox/scripts")).StatusCode);
    }

    [Fact]
    public async Task Concurrent_requests_each_take_one_scripted_answer_exactly()
    {
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = Enumerable.Repeat(new { status = 500 }, 20).ToArray() });
        using var client = SandboxConnection.RawClient(sandbox);

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await client.PostAsync(SandboxConnection.MessagesPath, SmsForm(to));
            return response.StatusCode;
        }));

        Assert.Equal(20, answers.Count(status => status == HttpStatusCode.InternalServerError));
        Assert.Equal(30, answers.Count(status => status == HttpStatusCode.Created));
        Assert.Equal(30, (await Recorded(to)).Count);
    }

    [Fact]
    public async Task Pending_scripts_are_listed_with_what_they_have_left_and_cleared_at_once()
    {
        await using var isolated = sandbox.WithWebHostBuilder(_ => { });
        using var client = isolated.CreateClient();
        var to = TestNumbers.Unique();
        (await client.PostAsJsonAsync("/sandbox/scripts", new { kind = "messages", to, responses = new[] { new ScriptedResponse(429, RetryAfterSeconds: 1), new ScriptedResponse(500) } }))
            .EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/sandbox/scripts", new { kind = "message-status", to, statuses = Scripts.Steps("sent", "delivered") }))
            .EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<ApiException>(() => TwilioMessage.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x", client: SandboxConnection.TwilioClient(isolated)));

        var pending = (await client.GetFromJsonAsync<List<PendingScript>>("/sandbox/scripts"))!;

        Assert.Equal(["messages", "message-status"], pending.Select(script => script.Kind));
        Assert.Equal(500, Assert.Single(pending[0].Responses!).Status);
        Assert.Equal(["sent", "delivered"], pending[1].Posts!.Select(post => post.Status));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/sandbox/scripts")).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<List<PendingScript>>("/sandbox/scripts"))!);
    }

    [Theory]
    [InlineData("""{"kind":"messages","to":null,"responses":[{"status":200}]}""", "responses[0].status")]
    [InlineData("""{"kind":"messages","to":null,"responses":[{"status":302}]}""", "responses[0].status")]
    [InlineData("""{"kind":"calls","to":null,"responses":[]}""", "responses")]
    [InlineData("""{"kind":"messages","to":"07700 900123","responses":[{"status":500}]}""", "to")]
    [InlineData("""{"kind":"sms","to":null,"responses":[{"status":500}]}""", "kind")]
    [InlineData("""{"kind":"messages","to":null,"responses":[{"status":500,"delayMs":-1}]}""", "responses[0].delayMs")]
    [InlineData("""{"kind":"message-status","to":null,"statuses":["teleported"]}""", "statuses")]
    [InlineData("""{"kind":"message-status","to":null,"statuses":[]}""", "statuses")]
    [InlineData("""{"kind":"call-status","to":null,"statuses":["completed"],"digits":"one"}""", "digits")]
    [InlineData("""{"kind":"call-status","to":null,"statuses":["completed"],"errorCode":30003}""", "errorCode")]
    public async Task A_script_the_sandbox_cannot_play_is_refused_saying_why(string script, string field)
    {
        using var client = sandbox.CreateClient();

        using var response = await client.PostAsync("/sandbox/scripts", new StringContent(script, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
    }

    private Task<TwilioMessage> Send(string to, string body) =>
        TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: body,
            client: SandboxConnection.TwilioClient(sandbox));

    private static FormUrlEncodedContent SmsForm(string to) =>
        new(new Dictionary<string, string> { ["To"] = to, ["From"] = TestNumbers.Sender, ["Body"] = "x" });

    private Task ScriptAsync(object script) => Scripts.PostAsync(sandbox, script);

    private async Task<List<PendingScript>> Pending()
    {
        using var client = sandbox.CreateClient();
        return (await client.GetFromJsonAsync<List<PendingScript>>("/sandbox/scripts"))!;
    }

    private async Task<List<RecordedMessage>> Recorded(string to)
    {
        using var client = sandbox.CreateClient();
        return (await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!;
    }
}
