using Platform.Testing;
using System.Globalization;
using System.Net;

namespace Platform.EndToEnd.Tests;

[Collection(StackCollection.Name)]
public sealed class WatchingTheButton(PlatformStack stack)
{
    [Fact]
    public async Task A_low_battery_reported_by_her_app_reaches_her_phone_and_whoever_is_on_call()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var herPhone = RandomPhone();
        var onCallPhone = RandomPhone();
        await Scenario.SendAsync(gateway, HttpMethod.Put, $"/api/beneficiaries/{she.BeneficiaryId}/profile", she.OperatorToken,
            new { phone = herPhone, neutralWording = false }, HttpStatusCode.OK);
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        // On call from an hour ago to an hour from now (past midnight when it has to).
        var shift = new
        {
            day = paris.AddHours(-1).DayOfWeek.ToString().ToLowerInvariant(),
            start = paris.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture),
            end = paris.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture),
            timeZone = "Europe/Paris",
        };
        using (var roster = await Scenario.RequestAsync(gateway, HttpMethod.Put, "/api/associations/roster", she.OperatorToken,
            new { members = new[] { new { operatorId = Guid.CreateVersion7(), name = "Nadia", phone = onCallPhone, shifts = new[] { shift } } } }))
        {
            Assert.True(roster.IsSuccessStatusCode, $"replacing the roster: {(int)roster.StatusCode} {await roster.Content.ReadAsStringAsync()}");
        }

        // Her phone and the roster reach notifications by events: report until the warning arrives at both.
        await Eventually.TrueAsync(async () =>
        {
            using var heartbeat = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/devices/{she.DeviceId}/heartbeats", she.Token,
                new { buttonBatteryPercent = 100, phoneBatteryPercent = 80, appVersion = "1.0.0", bluetoothLinked = true, observedAt = DateTimeOffset.UtcNow });
            using var low = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/devices/{she.DeviceId}/heartbeats", she.Token,
                new { buttonBatteryPercent = 9, phoneBatteryPercent = 80, appVersion = "1.0.0", bluetoothLinked = true, observedAt = DateTimeOffset.UtcNow });
            Assert.True(low.IsSuccessStatusCode, $"heartbeat: {(int)low.StatusCode}");
            return (await Scenario.SmsReceivedByAsync(stack, herPhone)).Count > 0 && (await Scenario.SmsReceivedByAsync(stack, onCallPhone)).Count > 0;
        }, "the low-battery warning at her phone and the on-call operator's");

        var toHer = (await Scenario.SmsReceivedByAsync(stack, herPhone))[0]["body"]!.GetValue<string>();
        Assert.DoesNotContain("alerte", toHer, StringComparison.OrdinalIgnoreCase);
        // Her one-hour shift leaves a gap ahead: a roster warning may reach the same phone; the battery's is among them.
        Assert.Contains(await Scenario.SmsReceivedByAsync(stack, onCallPhone),
            sms => sms["body"]!.GetValue<string>().Contains("9 %", StringComparison.Ordinal));
    }

    private static string RandomPhone() => $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}";
}
