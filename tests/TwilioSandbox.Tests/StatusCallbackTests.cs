using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox;
using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Twilio.Security;
using Twilio.Types;
using TwilioCall = Twilio.Rest.Api.V2010.Account.CallResource;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class StatusCallbackTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly RequestValidator _twilioValidator = new(SandboxOptions.DefaultAuthToken);

    [Fact]
    public async Task A_delivered_status_reaches_the_message_callback_signed_like_twilio()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var callbackUrl = receiver.BaseUrl + "/twilio/sms-status?alert=42";
        var to = TestNumbers.Unique();
        var message = await SendSms(to, callbackUrl);

        var answer = await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "delivered" });
        var callback = await receiver.NextAsync();

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(200, (await answer.Content.ReadFromJsonAsync<CallbackAnswer>())!.CallbackStatusCode);
        Assert.Equal(callbackUrl, callback.Url);
        Assert.Equal(message.Sid, callback.Form["MessageSid"]);
        Assert.Equal(message.Sid, callback.Form["SmsSid"]);
        Assert.Equal(SandboxOptions.DefaultAccountSid, callback.Form["AccountSid"]);
        Assert.Equal(to, callback.Form["To"]);
        Assert.Equal(TestNumbers.Sender, callback.Form["From"]);
        Assert.Equal("delivered", callback.Form["MessageStatus"]);
        Assert.Equal("delivered", callback.Form["SmsStatus"]);
        Assert.Equal("2010-04-01", callback.Form["ApiVersion"]);
        Assert.False(callback.Form.ContainsKey("ErrorCode"));
        Assert.NotNull(callback.IdempotencyToken);
        Assert.True(_twilioValidator.Validate(callbackUrl, callback.Form, callback.Signature));
    }

    [Fact]
    public async Task A_tampered_callback_parameter_fails_twilio_validation()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var callbackUrl = receiver.BaseUrl + "/twilio/sms-status";
        var message = await SendSms(TestNumbers.Unique(), callbackUrl);
        (await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "failed" })).Dispose();
        var callback = await receiver.NextAsync();

        var tampered = new Dictionary<string, string>(callback.Form) { ["MessageStatus"] = "delivered" };

        Assert.True(_twilioValidator.Validate(callbackUrl, callback.Form, callback.Signature));
        Assert.False(_twilioValidator.Validate(callbackUrl, tampered, callback.Signature));
        Assert.False(new RequestValidator("another-token").Validate(callbackUrl, callback.Form, callback.Signature));
    }

    [Fact]
    public async Task A_failed_message_callback_carries_its_error_code_and_the_status_is_recorded()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var to = TestNumbers.Unique();
        var message = await SendSms(to, receiver.BaseUrl + "/twilio/sms-status");

        (await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "undelivered", errorCode = 30003 })).Dispose();
        var callback = await receiver.NextAsync();

        Assert.Equal("30003", callback.Form["ErrorCode"]);
        using var client = sandbox.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal("undelivered", recorded.Status);
        Assert.Equal(30003, recorded.ErrorCode);
    }

    [Fact]
    public async Task Statuses_are_posted_in_the_order_asked_even_backwards()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var message = await SendSms(TestNumbers.Unique(), receiver.BaseUrl + "/twilio/sms-status");

        (await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "delivered" })).Dispose();
        (await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "sent" })).Dispose();

        Assert.Equal("delivered", (await receiver.NextAsync()).Form["MessageStatus"]);
        Assert.Equal("sent", (await receiver.NextAsync()).Form["MessageStatus"]);
    }

    [Fact]
    public async Task The_callbacks_own_http_status_is_reported_back()
    {
        await using var receiver = await CallbackReceiver.StartAsync(answerWith: 500);
        var message = await SendSms(TestNumbers.Unique(), receiver.BaseUrl + "/twilio/sms-status");

        using var answer = await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "sent" });

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(500, (await answer.Content.ReadFromJsonAsync<CallbackAnswer>())!.CallbackStatusCode);
    }

    [Fact]
    public async Task A_completed_call_with_a_key_press_reaches_the_call_callback_signed_like_twilio()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var callbackUrl = receiver.BaseUrl + "/twilio/call-status";
        var to = TestNumbers.Unique();
        var call = await TwilioCall.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), url: new Uri("https://platform.example/twiml/alert"),
            statusCallback: new Uri(callbackUrl), client: SandboxConnection.TwilioClient(sandbox));

        using var answer = await ChangeStatus($"/sandbox/calls/{call.Sid}/status", new { status = "completed", digits = "1" });
        var callback = await receiver.NextAsync();

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(call.Sid, callback.Form["CallSid"]);
        Assert.Equal("completed", callback.Form["CallStatus"]);
        Assert.Equal("1", callback.Form["Digits"]);
        Assert.Equal(to, callback.Form["To"]);
        Assert.Equal(TestNumbers.Sender, callback.Form["From"]);
        Assert.Equal("outbound-api", callback.Form["Direction"]);
        Assert.Equal(SandboxOptions.DefaultAccountSid, callback.Form["AccountSid"]);
        Assert.Equal("2010-04-01", callback.Form["ApiVersion"]);
        Assert.True(_twilioValidator.Validate(callbackUrl, callback.Form, callback.Signature));

        using var client = sandbox.CreateClient();
        var recorded = Assert.Single((await client.GetFromJsonAsync<List<RecordedCall>>($"/sandbox/calls?to={Uri.EscapeDataString(to)}"))!);
        Assert.Equal("completed", recorded.Status);
        Assert.Equal("1", recorded.Digits);
    }

    [Fact]
    public async Task A_no_answer_call_callback_has_no_digits()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var call = await TwilioCall.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), url: new Uri("https://platform.example/twiml/alert"),
            statusCallback: new Uri(receiver.BaseUrl + "/twilio/call-status"), client: SandboxConnection.TwilioClient(sandbox));

        (await ChangeStatus($"/sandbox/calls/{call.Sid}/status", new { status = "no-answer" })).Dispose();
        var callback = await receiver.NextAsync();

        Assert.Equal("no-answer", callback.Form["CallStatus"]);
        Assert.False(callback.Form.ContainsKey("Digits"));
    }

    [Fact]
    public async Task An_unknown_sid_is_not_found()
    {
        using var answer = await ChangeStatus("/sandbox/messages/SM00000000000000000000000000000000/status", new { status = "delivered" });

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    [Fact]
    public async Task A_message_sent_without_a_status_callback_is_a_conflict()
    {
        var message = await TwilioMessage.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(sandbox));

        using var answer = await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "delivered" });

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
    }

    [Fact]
    public async Task A_status_twilio_does_not_have_is_a_bad_request()
    {
        var message = await SendSms(TestNumbers.Unique(), "https://platform.example/twilio/sms-status");

        using var answer = await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "teleported" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_callback_is_a_bad_gateway()
    {
        string deadUrl;
        await using (var gone = await CallbackReceiver.StartAsync())
        {
            deadUrl = gone.BaseUrl + "/twilio/sms-status";
        }

        var message = await SendSms(TestNumbers.Unique(), deadUrl);

        using var answer = await ChangeStatus($"/sandbox/messages/{message.Sid}/status", new { status = "sent" });

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
    }

    private Task<TwilioMessage> SendSms(string to, string statusCallback) =>
        TwilioMessage.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "Check in, please.",
            statusCallback: new Uri(statusCallback), client: SandboxConnection.TwilioClient(sandbox));

    private async Task<HttpResponseMessage> ChangeStatus(string path, object change)
    {
        using var client = sandbox.CreateClient();
        return await client.PostAsJsonAsync(path, change);
    }

    private sealed record CallbackAnswer(string Sid, string Status, int CallbackStatusCode);
}
