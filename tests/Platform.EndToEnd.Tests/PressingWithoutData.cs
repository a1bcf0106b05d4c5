using Npgsql;
using Platform.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Her phone has no data: the app texts the compact fallback code to the platform's number. From her registered number it
/// raises one alert (the same one the data path raises when both arrive); anything else raises nothing.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PressingWithoutData(PlatformStack stack)
{
    [Fact]
    public async Task A_valid_code_from_her_number_raises_one_alert_even_when_the_data_press_arrives_too()
    {
        var (she, herPhone) = await WithHerPhoneAsync();
        using var gateway = stack.Client();
        var pressId = $"p-{Guid.NewGuid():N}"[..20];

        await TextAsync(herPhone, Code(pressId, await HerKeyAsync(gateway, she), counter: 1));
        var bySms = await Eventually.ValueAsync(async () =>
        {
            var active = await ActiveAlertsAsync(gateway, she);
            return (active.Count == 1, active);
        }, "the SMS press to raise an alert");
        var byData = await Scenario.PressUntilAcceptedAsync(gateway, she, pressId);
        await Scenario.WaitForSmsAsync(stack, she, count: 1);

        Assert.Equal("smsFallback", bySms[0]!["source"]!.GetValue<string>());
        Assert.Equal(bySms[0]!["id"]!.GetValue<Guid>(), byData);
        Assert.Single(await ActiveAlertsAsync(gateway, she));
        foreach (var phone in she.ContactPhones)
        {
            Assert.Single(await Scenario.AlertSmsReceivedByAsync(stack, phone));
        }
    }

    [Fact]
    public async Task A_malformed_forged_replayed_or_foreign_code_raises_nothing_and_is_recorded()
    {
        var (she, herPhone) = await WithHerPhoneAsync();
        using var gateway = stack.Client();
        var stranger = $"+3361{Random.Shared.Next(0, 10_000_000):D7}";
        var key = await HerKeyAsync(gateway, she);
        var refusedBefore = await RefusedCodesAsync();
        // Her genuine code raises her alert; resolved, so that anything raised afterwards would show.
        var genuine = Code($"p-{Guid.NewGuid():N}"[..20], key, counter: 1);
        await TextAsync(herPhone, genuine);
        var first = await Eventually.ValueAsync(async () =>
        {
            var active = await ActiveAlertsAsync(gateway, she);
            return (active.Count == 1, active);
        }, "her genuine code to raise her alert");
        await Scenario.ResolveAsync(gateway, she, first[0]!["id"]!.GetValue<Guid>());

        await TextAsync(herPhone, "K1 p-1 D 45.77722 3.08703");
        await TextAsync(herPhone, Code($"p-{Guid.NewGuid():N}"[..20], System.Text.Encoding.ASCII.GetBytes(new string('k', 32)), counter: 2));
        await TextAsync(herPhone, genuine);
        await TextAsync(stranger, Code($"p-{Guid.NewGuid():N}"[..20], key, counter: 3));

        await Eventually.TrueAsync(async () => await RefusedCodesAsync() >= refusedBefore + 4, "the four codes to be recorded as refused");
        // A valid press afterwards is her only active alert: nothing came of the refused codes.
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        var active = await ActiveAlertsAsync(gateway, she);
        Assert.Equal(alertId, Assert.Single(active)!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_code_texted_while_rabbitmq_is_stopped_gets_200_and_becomes_exactly_one_alert_when_it_starts()
    {
        var (she, herPhone) = await WithHerPhoneAsync();
        using var gateway = stack.Client();
        var key = await HerKeyAsync(gateway, she);

        await stack.StopBrokerAsync();
        try
        {
            // Twilio's request is answered 200: her press is in PostgreSQL, waiting in notifications' outbox.
            var answered = await TextAsync(herPhone, Code($"p-{Guid.NewGuid():N}"[..20], key, counter: 1));
            Assert.Equal(200, answered["webhookStatusCode"]!.GetValue<int>());
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(await ActiveAlertsAsync(gateway, she));
        }
        finally
        {
            await stack.StartBrokerAsync();
        }

        var raised = await Eventually.ValueAsync(async () =>
        {
            var active = await ActiveAlertsAsync(gateway, she);
            return (active.Count == 1, active);
        }, "her press to become an alert once RabbitMQ is back", TimeSpan.FromSeconds(90));
        Assert.Equal("smsFallback", raised[0]!["source"]!.GetValue<string>());
        await Scenario.WaitForSmsAsync(stack, she, count: 1);
        // Redelivered or not, one alert and one SMS per contact.
        await Scenario.BarrierPressAsync(stack, gateway);
        Assert.Single(await ActiveAlertsAsync(gateway, she));
        foreach (var phone in she.ContactPhones)
        {
            Assert.Single(await Scenario.AlertSmsReceivedByAsync(stack, phone));
        }
    }

    /// <summary>The code her app texts, signed with the key it took at enrolment.</summary>
    private static string Code(string pressId, byte[] key, long counter)
    {
        var signed = string.Create(CultureInfo.InvariantCulture,
            $"K1 {pressId} D 45.77722,3.08703,25 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()} {counter}");
        var mac = System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(signed))[..12];
        return $"{signed} {System.Buffers.Text.Base64Url.EncodeToString(mac)}";
    }

    /// <summary>Her app takes its fallback key through the gateway, as at enrolment.</summary>
    private static async Task<byte[]> HerKeyAsync(HttpClient gateway, Beneficiary she)
    {
        var issued = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/sms-fallback/key", she.Token, null, HttpStatusCode.OK);
        var key = issued["key"]!.GetValue<string>();
        return System.Buffers.Text.Base64Url.DecodeFromChars(key);
    }

    private async Task<(Beneficiary She, string Phone)> WithHerPhoneAsync()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var herPhone = $"+3361{Random.Shared.Next(0, 10_000_000):D7}";
        await Scenario.SendAsync(gateway, HttpMethod.Put, $"/api/beneficiaries/{she.BeneficiaryId}/profile", she.OperatorToken,
            new { phone = herPhone, neutralWording = false }, HttpStatusCode.OK);
        // Notifications checks the sender against its own copy of her profile: wait until it holds her number.
        await Eventually.TrueAsync(async () => await HerPhoneKnownAsync(she.BeneficiaryId, herPhone), "notifications to know her number");
        return (she, herPhone);
    }

    /// <returns>What the sandbox saw of the platform's answer to Twilio's webhook (its HTTP status).</returns>
    private async Task<JsonObject> TextAsync(string from, string body)
    {
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        using var sent = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from, to = "+33757000000", body });
        sent.EnsureSuccessStatusCode();
        return JsonNode.Parse(await sent.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<JsonArray> ActiveAlertsAsync(HttpClient gateway, Beneficiary she) =>
        (await Scenario.SendAsync(gateway, HttpMethod.Get, "/api/alerts?status=active", she.OperatorToken, null, HttpStatusCode.OK))["items"]!
            .AsArray();

    private async Task<bool> HerPhoneKnownAsync(Guid beneficiaryId, string phone)
    {
        await using var connection = new NpgsqlConnection(stack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from notifications.mt_doc_contactscopy where id = @id and data->>'BeneficiaryPhone' = @phone", connection);
        command.Parameters.AddWithValue("id", beneficiaryId);
        command.Parameters.AddWithValue("phone", phone);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }

    private async Task<long> RefusedCodesAsync()
    {
        await using var connection = new NpgsqlConnection(stack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from notifications.mt_doc_refusedfallbackcode", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
