using Platform.Testing;
using System.Globalization;
using System.Net;

namespace Platform.EndToEnd.Tests;

/// <summary>A gap in an association's on-call roster within the next day is pushed, once, to whoever is on call and its admins.</summary>
[Collection(StackCollection.Name)]
public sealed class WarningOfRosterGaps(PlatformStack stack)
{
    [Fact]
    public async Task A_gap_in_the_next_24_h_is_texted_once_to_whoever_is_on_call_and_to_the_rosters_admins()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var (onCallPhone, adminPhone, offCallPhone) = (RandomPhone(), RandomPhone(), RandomPhone());
        var now = DateTimeOffset.UtcNow;
        // On call from an hour ago to an hour from now: nobody after that, well within the next 24 h.
        var shift = new
        {
            day = now.AddHours(-1).DayOfWeek.ToString().ToLowerInvariant(),
            start = now.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture),
            end = now.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture),
            timeZone = "UTC",
        };
        var later = new
        {
            day = now.AddDays(3).DayOfWeek.ToString().ToLowerInvariant(), start = "08:00", end = "09:00", timeZone = "UTC",
        };
        await Scenario.SendAsync(gateway, HttpMethod.Put, "/api/associations/roster", she.OperatorToken, new
        {
            members = new object[]
            {
                new { operatorId = Guid.CreateVersion7(), name = "Nadia", phone = onCallPhone, shifts = new[] { shift } },
                new { operatorId = Guid.CreateVersion7(), name = "Claire", phone = adminPhone, shifts = Array.Empty<object>(), associationAdmin = true },
                new { operatorId = Guid.CreateVersion7(), name = "Luc", phone = offCallPhone, shifts = new[] { later } },
            },
        }, HttpStatusCode.OK);

        await Eventually.TrueAsync(async () => (await GapWarningsAsync(onCallPhone)).Count > 0 && (await GapWarningsAsync(adminPhone)).Count > 0,
            "the gap warning at the on-call phone and the admin's");
        // Several more looks at the roster (every 2 s here) tell nobody twice, and nobody off call who is not an admin.
        await Task.Delay(TimeSpan.FromSeconds(7));

        Assert.Single(await GapWarningsAsync(onCallPhone));
        Assert.Single(await GapWarningsAsync(adminPhone));
        Assert.Empty(await GapWarningsAsync(offCallPhone));
        Assert.Contains("Complétez le planning", (await GapWarningsAsync(adminPhone))[0], StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> GapWarningsAsync(string phone) =>
        [.. (await Scenario.SmsReceivedByAsync(stack, phone)).Select(sms => sms["body"]!.GetValue<string>())
            .Where(body => body.Contains("astreinte", StringComparison.Ordinal))];

    private static string RandomPhone() => $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}";
}
