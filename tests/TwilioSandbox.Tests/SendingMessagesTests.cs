using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Platform.TwilioSandbox.Messages;
using Twilio.Exceptions;
using Twilio.Types;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class SendingMessagesTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Sending_an_sms_through_the_twilio_library_is_recorded()
    {
        var to = TestNumbers.Unique();

        var sent = await TwilioMessage.CreateAsync(
            to: new PhoneNumber(to),
            from: new PhoneNumber(TestNumbers.Sender),
            body: "Your contact asked for help. Open the app.",
            statusCallback: new Uri("https://platform.example/twilio/sms-status"),
            client: SandboxConnection.TwilioClient(sandbox));

        Assert.Matches("^SM[0-9a-f]{32}$", sent.Sid);
        Assert.Equal(TwilioMessage.StatusEnum.Queued, sent.Status);
        Assert.Equal("1", sent.NumSegments);
        Assert.NotNull(sent.DateCreated);

        var recorded = Assert.Single(await Recorded(to));
        Assert.Equal(sent.Sid, recorded.Sid);
        Assert.Equal("Your contact asked for help. Open the app.", recorded.Body);
        Assert.Equal(TestNumbers.Sender, recorded.From);
        Assert.Equal("queued", recorded.Status);
        Assert.Equal("https://platform.example/twilio/sms-status", recorded.StatusCallback);
    }

    [Fact]
    public async Task Wrong_credentials_make_the_twilio_library_throw_a_401()
    {
        var client = SandboxConnection.TwilioClient(sandbox, authToken: "not-the-token");

        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioMessage.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), body: "x", client: client));

        Assert.Equal(401, error.Status);
        Assert.Equal(20003, error.Code);
    }

    [Fact]
    public async Task Another_account_sid_in_the_path_is_refused_even_with_valid_credentials()
    {
        using var client = SandboxConnection.RawClient(sandbox);

        using var response = await client.PostAsync(
            "/2010-04-01/Accounts/AC11111111111111111111111111111111/Messages.json",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["To"] = TestNumbers.Unique(), ["From"] = TestNumbers.Sender, ["Body"] = "x" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_to_number_makes_the_twilio_library_throw_21211()
    {
        var error = await Assert.ThrowsAsync<ApiException>(() => TwilioMessage.CreateAsync(
            to: new PhoneNumber("07700 900123"), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(sandbox)));

        Assert.Equal(400, error.Status);
        Assert.Equal(21211, error.Code);
        Assert.Equal("https://www.twilio.com/docs/errors/21211", error.MoreInfo);
    }

    [Fact]
    public async Task Errors_have_exactly_twilios_json_shape()
    {
        using var client = SandboxConnection.RawClient(sandbox);

        using var response = await client.PostAsync(SandboxConnection.MessagesPath, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["To"] = "12345", ["From"] = TestNumbers.Sender, ["Body"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"code":21211,"message":"The 'To' number 12345 is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, TestNumbers.Sender, "hello", null, 21604)]
    [InlineData("+447700900123", null, "hello", null, 21603)]
    [InlineData("+447700900123", TestNumbers.Sender, null, null, 21602)]
    [InlineData("+447700900123", TestNumbers.Sender, "too long", null, 21617)]
    [InlineData("+447700900123", TestNumbers.Sender, "hello", "0", 90014)]
    [InlineData("+447700900123", TestNumbers.Sender, "hello", "36001", 90007)]
    public async Task A_message_twilio_would_refuse_is_refused_with_twilios_code(string? to, string? from, string? body, string? validityPeriod, int code)
    {
        var fields = new Dictionary<string, string>();
        if (to is not null) { fields["To"] = to; }
        if (from is not null) { fields["From"] = from; }
        if (body is not null) { fields["Body"] = body == "too long" ? new string('a', SendingMessages.MaxBodyLength + 1) : body; }
        if (validityPeriod is not null) { fields["ValidityPeriod"] = validityPeriod; }
        using var client = SandboxConnection.RawClient(sandbox);

        using var response = await client.PostAsync(SandboxConnection.MessagesPath, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<TwilioErrorBody>();
        Assert.Equal(code, error!.code);
        Assert.Equal(400, error.status);
    }

    [Fact]
    public async Task A_message_through_a_messaging_service_needs_no_from_number_and_is_accepted()
    {
        var to = TestNumbers.Unique();

        var sent = await TwilioMessage.CreateAsync(
            to: new PhoneNumber(to),
            messagingServiceSid: "MG00000000000000000000000000000000",
            body: "hello",
            validityPeriod: 600,
            client: SandboxConnection.TwilioClient(sandbox));

        Assert.Equal(TwilioMessage.StatusEnum.Accepted, sent.Status);
        var recorded = Assert.Single(await Recorded(to));
        Assert.Null(recorded.From);
        Assert.Equal(600, recorded.ValidityPeriod);
    }

    [Fact]
    public async Task A_long_unicode_body_is_counted_in_ucs2_segments()
    {
        var sent = await TwilioMessage.CreateAsync(
            to: new PhoneNumber(TestNumbers.Unique()),
            from: new PhoneNumber(TestNumbers.Sender),
            body: new string('ж', 71),
            client: SandboxConnection.TwilioClient(sandbox));

        Assert.Equal("2", sent.NumSegments);
    }

    [Fact]
    public async Task Listing_by_number_shows_only_messages_to_that_number()
    {
        var mine = TestNumbers.Unique();
        var client = SandboxConnection.TwilioClient(sandbox);
        await TwilioMessage.CreateAsync(to: new PhoneNumber(mine), from: new PhoneNumber(TestNumbers.Sender), body: "first", client: client);
        await TwilioMessage.CreateAsync(to: new PhoneNumber(TestNumbers.Unique()), from: new PhoneNumber(TestNumbers.Sender), body: "other", client: client);
        await TwilioMessage.CreateAsync(to: new PhoneNumber(mine), from: new PhoneNumber(TestNumbers.Sender), body: "second", client: client);

        var recorded = await Recorded(mine);

        Assert.Equal(["first", "second"], recorded.Select(message => message.Body));
    }

    [Fact]
    public async Task A_plus_sent_unencoded_in_the_filter_still_matches()
    {
        var to = TestNumbers.Unique();
        await TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(sandbox));
        using var client = sandbox.CreateClient();

        var recorded = await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={to}");

        Assert.Equal(to, Assert.Single(recorded!).To);
    }

    [Fact]
    public async Task Recorded_messages_are_listed_in_camel_case()
    {
        var to = TestNumbers.Unique();
        await TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x",
            client: SandboxConnection.TwilioClient(sandbox));
        using var client = sandbox.CreateClient();

        using var listed = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/sandbox/messages?to={Uri.EscapeDataString(to)}"));

        var message = Assert.Single(listed.RootElement.EnumerateArray());
        foreach (var name in new[] { "sid", "to", "from", "body", "status", "statusCallback", "receivedAt", "traceparent" })
        {
            Assert.True(message.TryGetProperty(name, out _), $"missing '{name}'");
        }
    }

    private async Task<List<RecordedMessage>> Recorded(string to)
    {
        using var client = sandbox.CreateClient();
        return (await client.GetFromJsonAsync<List<RecordedMessage>>($"/sandbox/messages?to={Uri.EscapeDataString(to)}"))!;
    }

#pragma warning disable IDE1006 // Twilio's field names.
    private sealed record TwilioErrorBody(int code, string message, string more_info, int status);
#pragma warning restore IDE1006
}
