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

        await TextAsync(herPhone, Code(pressId));
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
    public async Task A_malformed_code_or_one_from_another_number_raises_nothing_and_is_recorded()
    {
        var (she, herPhone) = await WithHerPhoneAsync();
        using var gateway = stack.Client();
        var stranger = $"+3361{Random.Shared.Next(0, 10_000_000):D7}";

        await TextAsync(herPhone, "ALRT1 p-1 D 45.77722 3.08703");
        await TextAsync(stranger, Code($"p-{Guid.NewGuid():N}"[..20]));

        await Eventually.TrueAsync(async () => await RefusedCodesAsync() >= 2, "both codes to be recorded as refused");
        // A valid press afterwards is the only alert she has: nothing came of the two refused codes.
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        var active = await ActiveAlertsAsync(gateway, she);
        Assert.Equal(alertId, Assert.Single(active)!["id"]!.GetValue<Guid>());
    }

    private static string Code(string pressId) =>
        string.Create(CultureInfo.InvariantCulture, $"ALRT1 {pressId} D 45.77722,3.08703,25 {DateTimeOffset.UtcNow.ToUnixTimeSeconds()}");

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

    private async Task TextAsync(string from, string body)
    {
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        using var sent = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from, to = "+33757000000", body });
        sent.EnsureSuccessStatusCode();
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
