using Platform.Testing;
using System.Net;
using System.Net.Http.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>A drill runs the whole real chain, marked TEST, and its report says how each contact fared.</summary>
[Collection(StackCollection.Name)]
public sealed class RunningADrill(PlatformStack stack)
{
    [Fact]
    public async Task Contacts_get_a_message_marked_test_and_the_report_shows_who_answered_and_how_fast()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var consentCount = (await Scenario.SmsReceivedByAsync(stack, she.ContactPhones[0])).Count;

        var pressId = $"drill-{Guid.NewGuid():N}";
        var alertId = await Eventually.ValueAsync(async () =>
        {
            // Retried while the alerts service has not yet learnt of the pairing (422), as every press here is.
            using var response = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token, new
            {
                deviceId = she.DeviceId,
                pressPattern = "doubleClick",
                source = "drill",
                location = new { latitude = 45.77722, longitude = 3.08703, accuracyMeters = 12, capturedAt = DateTimeOffset.UtcNow },
            }, pressId);
            return response.StatusCode == HttpStatusCode.Accepted
                ? (true, (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["alertId"]!.GetValue<Guid>())
                : (false, Guid.Empty);
        }, "the drill press to be accepted");

        var messages = await Eventually.ValueAsync(async () =>
        {
            var first = await Scenario.SmsReceivedByAsync(stack, she.ContactPhones[0]);
            var second = await Scenario.SmsReceivedByAsync(stack, she.ContactPhones[1]);
            return (first.Count > consentCount && second.Count > consentCount, new[] { first[^1], second[^1] });
        }, "the drill SMS at both contacts");
        Assert.All(messages, sms => Assert.StartsWith("TEST", sms["body"]!.GetValue<string>(), StringComparison.Ordinal));

        // The first contact answers; the second does not.
        using (var sandbox = new HttpClient { BaseAddress = stack.Sandbox })
        {
            using var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = she.ContactPhones[0], to = "+33757000000", body = "ok" });
            reply.EnsureSuccessStatusCode();
        }
        var report = await Eventually.ValueAsync(async () =>
        {
            var view = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}/drill-report", she.OperatorToken, null,
                HttpStatusCode.OK);
            var contacts = view["contacts"]!.AsArray();
            return (contacts.Count == 2 && contacts.Any(c => c!["acknowledgedAt"] is not null), contacts);
        }, "the drill report to show the answer");

        var answered = report.Single(c => c!["contactId"]!.GetValue<Guid>() == she.ContactIds[0])!;
        var silent = report.Single(c => c!["contactId"]!.GetValue<Guid>() == she.ContactIds[1])!;
        Assert.True(answered["sentAfterSeconds"]!.GetValue<double>() >= 0);
        Assert.True(answered["acknowledgedAfterSeconds"]!.GetValue<double>() >= answered["sentAfterSeconds"]!.GetValue<double>());
        Assert.NotNull(silent["sentAt"]);
        Assert.Null(silent["acknowledgedAt"]);
    }
}
