using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Scripting;
using Twilio.Exceptions;
using Twilio.Security;
using Twilio.Types;
using TwilioCall = Twilio.Rest.Api.V2010.Account.CallResource;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class StatusScriptTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);
    private readonly RequestValidator _twilioValidator = new(SandboxOptions.DefaultAuthToken);

    [Fact]
    public async Task After_the_next_message_is_accepted_each_scripted_status_is_posted_in_order_and_signed()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var callbackUrl = receiver.BaseUrl + "/twilio/sms-status?alert=42";
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "message-status", to, statuses = Scripts.Steps("queued", "sent", "delivered") });

        var message = await SendSms(to, callbackUrl);
        var callbacks = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        Assert.Equal(["queued", "sent", "delivered"], callbacks.Select(callback => callback.Form["MessageStatus"]));
        Assert.All(callbacks, callback =>
        {
            Assert.Equal(message.Sid, callback.Form["MessageSid"]);
            Assert.Equal(to, callback.Form["To"]);
            Assert.Equal(callbackUrl, callback.Url);
            Assert.False(callback.Form.ContainsKey("ErrorCode"));
            Assert.True(_twilioValidator.Validate(callbackUrl, callback.Form, callback.Signature));
        });
        Assert.Null(await receiver.TryNextAsync(Quiet));
        Assert.Equal("delivered", (await Recorded(to)).Single().Status);
    }

    [Fact]
    public async Task Out_of_order_and_duplicate_post_the_statuses_backwards_each_twice_with_the_error_code_on_the_failure()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var to = TestNumbers.Unique();
        await ScriptAsync(new
        {
            kind = "message-status", to, statuses = Scripts.Steps("sent", "undelivered"), errorCode = 30003, outOfOrder = true, duplicate = true,
        });

        await SendSms(to, receiver.BaseUrl + "/twilio/sms-status");
        var callbacks = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        Assert.Equal(["undelivered", "undelivered", "sent", "sent"], callbacks.Select(callback => callback.Form["MessageStatus"]));
        Assert.Equal(["30003", "30003"], callbacks.Take(2).Select(callback => callback.Form["ErrorCode"]));
        Assert.All(callbacks.Skip(2), callback => Assert.False(callback.Form.ContainsKey("ErrorCode")));
        // A duplicate is a second delivery, not the same request replayed.
        Assert.NotEqual(callbacks[0].IdempotencyToken, callbacks[1].IdempotencyToken);
    }

    [Fact]
    public async Task The_delay_spaces_the_posts()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "message-status", to, statuses = Scripts.Steps("sent", "delivered"), delayMs = 300 });
        var sentAt = Stopwatch.GetTimestamp();

        await SendSms(to, receiver.BaseUrl + "/twilio/sms-status");
        var first = await receiver.NextAsync();
        var second = await receiver.NextAsync();

        Assert.True(Stopwatch.GetElapsedTime(sentAt, first.ArrivedAt) >= TimeSpan.FromMilliseconds(290));
        Assert.True(Stopwatch.GetElapsedTime(first.ArrivedAt, second.ArrivedAt) >= TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task A_call_script_posts_the_call_statuses_with_the_key_press_on_the_last_one()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var callbackUrl = receiver.BaseUrl + "/twilio/call-status";
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "call-status", to, statuses = Scripts.Steps("ringing", "in-progress", "completed"), digits = "1" });

        var call = await TwilioCall.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), url: new Uri("https://platform.example/twiml/alert"),
            statusCallback: new Uri(callbackUrl), client: SandboxConnection.TwilioClient(sandbox));
        var callbacks = new[] { await receiver.NextAsync(), await receiver.NextAsync(), await receiver.NextAsync() };

        Assert.Equal(["ringing", "in-progress", "completed"], callbacks.Select(callback => callback.Form["CallStatus"]));
        Assert.Equal([null, null, "1"], callbacks.Select(callback => callback.Form.GetValueOrDefault("Digits")));
        Assert.All(callbacks, callback =>
        {
            Assert.Equal(call.Sid, callback.Form["CallSid"]);
            Assert.True(_twilioValidator.Validate(callbackUrl, callback.Form, callback.Signature));
        });
        using var client = sandbox.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedCall>>($"/sandbox/calls?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal(("completed", "1"), (recorded.Status, recorded.Digits));
    }

    [Fact]
    public async Task Without_a_script_nothing_is_posted_by_itself()
    {
        await using var receiver = await CallbackReceiver.StartAsync();

        await SendSms(TestNumbers.Unique(), receiver.BaseUrl + "/twilio/sms-status");

        Assert.Null(await receiver.TryNextAsync(Quiet));
    }

    [Fact]
    public async Task A_status_script_plays_once_for_the_next_message_to_its_number_only()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "message-status", to, statuses = Scripts.Steps("delivered") });

        await SendSms(TestNumbers.Unique(), receiver.BaseUrl + "/other");
        Assert.Null(await receiver.TryNextAsync(Quiet));
        var mine = await SendSms(to, receiver.BaseUrl + "/mine");
        Assert.Equal(mine.Sid, (await receiver.NextAsync()).Form["MessageSid"]);
        await SendSms(to, receiver.BaseUrl + "/mine");

        Assert.Null(await receiver.TryNextAsync(Quiet));
    }

    [Fact]
    public async Task A_send_that_a_script_made_fail_leaves_the_status_script_for_the_message_that_is_accepted()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var to = TestNumbers.Unique();
        await ScriptAsync(new { kind = "messages", to, responses = new[] { new { status = 503 } } });
        await ScriptAsync(new { kind = "message-status", to, statuses = Scripts.Steps("sent") });

        await Assert.ThrowsAsync<ApiException>(() => SendSms(to, receiver.BaseUrl + "/twilio/sms-status"));
        var accepted = await SendSms(to, receiver.BaseUrl + "/twilio/sms-status");

        Assert.Equal(accepted.Sid, (await receiver.NextAsync()).Form["MessageSid"]);
    }

    [Fact]
    public async Task Without_a_number_a_status_script_plays_for_whichever_message_comes_next()
    {
        await using var isolated = sandbox.WithWebHostBuilder(_ => { });
        await using var receiver = await CallbackReceiver.StartAsync();
        using var client = isolated.CreateClient();
        (await client.PostAsJsonAsync("/sandbox/scripts", new { kind = "message-status", to = (string?)null, statuses = Scripts.Steps("failed") }))
            .EnsureSuccessStatusCode();

        var message = await TwilioMessage.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            statusCallback: new Uri(receiver.BaseUrl + "/twilio/sms-status"), client: SandboxConnection.TwilioClient(isolated));
        var callback = await receiver.NextAsync();

        Assert.Equal((message.Sid, "failed", "30008"), (callback.Form["MessageSid"], callback.Form["MessageStatus"], callback.Form["ErrorCode"]));
        Assert.Empty((await client.GetFromJsonAsync<List<PendingScript>>("/sandbox/scripts"))!);
    }

    private Task<TwilioMessage> SendSms(string to, string statusCallback) =>
        TwilioMessage.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "Check in, please.",
            statusCallback: new Uri(statusCallback), client: SandboxConnection.TwilioClient(sandbox));

    private Task ScriptAsync(object script) => Scripts.PostAsync(sandbox, script);

    private async Task<List<RecordedMessage>> Recorded(string to)
    {
        using var client = sandbox.CreateClient();
        return (await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!;
    }
}
