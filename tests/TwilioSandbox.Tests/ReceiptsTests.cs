using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Recording;
using Twilio.Types;
using TwilioMessage = Twilio.Rest.Api.V2010.Account.MessageResource;

namespace TwilioSandbox.Tests;

public sealed class ReceiptsTests(WebApplicationFactory<Program> sandbox) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Receipts_page_through_every_message_after_a_sequence_with_its_number_sid_and_trace()
    {
        await using var isolated = sandbox.WithWebHostBuilder(_ => { });
        var sent = new List<(string Sid, string To, string TraceId)>();
        for (var i = 0; i < 5; i++)
        {
            using var press = new Activity("press").SetIdFormat(ActivityIdFormat.W3C).Start();
            var to = TestNumbers.Unique();
            var message = await TwilioMessage.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(TestNumbers.Sender), body: "x",
                client: SandboxConnection.TwilioClient(isolated));
            sent.Add((message.Sid, to, press.TraceId.ToHexString()));
        }
        using var client = isolated.CreateClient();

        var first = (await client.GetFromJsonAsync<List<MessageReceipt>>("/sandbox/messages/receipts?after=0&limit=2"))!;
        var rest = (await client.GetFromJsonAsync<List<MessageReceipt>>($"/sandbox/messages/receipts?after={first[^1].Sequence}"))!;
        var none = (await client.GetFromJsonAsync<List<MessageReceipt>>($"/sandbox/messages/receipts?after={rest[^1].Sequence}"))!;

        Assert.Equal([1L, 2L], first.Select(receipt => receipt.Sequence));
        Assert.Equal([3L, 4L, 5L], rest.Select(receipt => receipt.Sequence));
        Assert.Empty(none);
        Assert.Equal(sent, first.Concat(rest).Select(receipt => (receipt.Sid, receipt.To, receipt.TraceId!)));
        var times = first.Concat(rest).Select(receipt => receipt.ReceivedAt).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task A_receipt_is_small_and_its_time_keeps_sub_millisecond_digits()
    {
        await using var isolated = sandbox.WithWebHostBuilder(_ => { });
        using var raw = SandboxConnection.RawClient(isolated);
        for (var i = 0; i < 3; i++)
        {
            (await raw.PostAsync(SandboxConnection.MessagesPath, new FormUrlEncodedContent(
                new Dictionary<string, string> { ["To"] = TestNumbers.Unique(), ["From"] = TestNumbers.Sender, ["Body"] = "x" }))).Dispose();
        }

        using var receipts = System.Text.Json.JsonDocument.Parse(await raw.GetStringAsync("/sandbox/messages/receipts?after=0"));

        var receipt = receipts.RootElement[0];
        Assert.Equal(["sequence", "sid", "to", "receivedAt", "traceId"], receipt.EnumerateObject().Select(field => field.Name));
        // Three requests in a row never share a tick of a microsecond clock (they would often share a millisecond).
        Assert.Equal(3, receipts.RootElement.EnumerateArray().Select(r => r.GetProperty("receivedAt").GetDateTimeOffset()).Distinct().Count());
    }

    [Fact]
    public async Task When_the_oldest_were_dropped_for_capacity_the_first_page_starts_at_the_oldest_kept()
    {
        await using var small = sandbox.WithWebHostBuilder(host => host.UseSetting("Sandbox:MaxRecords", "3"));
        using var raw = SandboxConnection.RawClient(small);
        for (var i = 0; i < 5; i++)
        {
            (await raw.PostAsync(SandboxConnection.MessagesPath, new FormUrlEncodedContent(
                new Dictionary<string, string> { ["To"] = TestNumbers.Unique(), ["From"] = TestNumbers.Sender, ["Body"] = "x" }))).Dispose();
        }

        var receipts = (await raw.GetFromJsonAsync<List<MessageReceipt>>("/sandbox/messages/receipts?after=1"))!;

        Assert.Equal([3L, 4L, 5L], receipts.Select(receipt => receipt.Sequence));
    }

    [Theory]
    [InlineData("?after=-1")]
    [InlineData("?limit=0")]
    [InlineData("?limit=10001")]
    public async Task A_page_out_of_range_is_a_bad_request(string query)
    {
        using var client = sandbox.CreateClient();

        using var response = await client.GetAsync("/sandbox/messages/receipts" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void The_receive_clock_moves_with_the_monotonic_timestamp_not_with_wall_clock_steps()
    {
        var machine = new SteppingWallClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var clock = new MonotonicUtcClock(machine);

        machine.Elapse(TimeSpan.FromMicroseconds(250));
        var later = clock.GetUtcNow();
        machine.StepWallClock(TimeSpan.FromSeconds(-2));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero).AddMicroseconds(250), later);
        Assert.Equal(later, clock.GetUtcNow());
    }

    /// <summary>A machine whose wall clock can be stepped (NTP) while its monotonic counter only moves forward.</summary>
    private sealed class SteppingWallClock(DateTimeOffset start) : TimeProvider
    {
        private readonly FakeTimeProvider _monotonic = new(start);
        private TimeSpan _wallOffset;

        public void Elapse(TimeSpan span) => _monotonic.Advance(span);

        public void StepWallClock(TimeSpan step) => _wallOffset += step;

        public override DateTimeOffset GetUtcNow() => _monotonic.GetUtcNow() + _wallOffset;

        public override long GetTimestamp() => _monotonic.GetTimestamp();

        public override long TimestampFrequency => _monotonic.TimestampFrequency;
    }
}
