using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Contracts;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Platform.Alerts.Api.Tests.IdenticalAnswers;

namespace Platform.Alerts.Api.Tests;

/// <summary>
/// He holds her unlocked phone and wants her PIN: one budget per woman across every endpoint that takes it, counted in
/// PostgreSQL, and her association told (never her phone) once the wrong guesses pass the threshold.
/// </summary>
public sealed class GuessingHerPin(AlertsHost host) : IClassFixture<AlertsHost>
{
    private const string CancelPin = "2580";
    private const string DuressPin = "1470";
    private const int WrongPinsPerDay = 20;

    [Fact]
    public async Task Fifty_concurrent_wrong_pins_spend_at_most_her_days_budget_and_tell_her_association_once()
    {
        var she = await WithPinsAsync();
        var told = await host.WatchAsync<BeneficiaryDuressRaised>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async guess =>
        {
            using var response = await she.She.PutAsJsonAsync("/api/alerts/settings",
                new { cancelPin = "3691", duressPin = "7410", currentPin = $"{1000 + guess}" });
            return (response.StatusCode, response.Headers.RetryAfter?.Delta);
        }));

        Assert.Equal(WrongPinsPerDay, answers.Count(answer => answer.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(50 - WrongPinsPerDay, answers.Count(answer => answer.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.All(answers.Where(answer => answer.StatusCode == HttpStatusCode.TooManyRequests),
            answer => Assert.InRange(answer.Delta!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24)));
        var raised = (await told.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId)).Message;
        Assert.Equal((she.AssociationId, DuressReason.WrongPinsExceeded, PinAction.ChangingPins),
            (raised.AssociationId, raised.Reason, raised.Action));
        // Spent is spent, whatever PIN comes next (nothing to probe), and a press still raises an alert.
        using var rightPin = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410", currentPin = CancelPin });
        await HttpAssertions.AssertProblemAsync(rightPin, HttpStatusCode.TooManyRequests, PinGuard.TooManyAttemptsProblem);
        using var press = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));
        Assert.Equal(HttpStatusCode.Accepted, press.StatusCode);
        Assert.Single(told.All, m => m.Message.BeneficiaryId == she.BeneficiaryId);
    }

    [Fact]
    public async Task A_loop_of_new_timers_and_wrong_check_ins_shares_one_budget_and_reaches_her_association()
    {
        var she = await WithPinsAsync();
        var told = await host.WatchAsync<BeneficiaryDuressRaised>();
        var (wrong, refused) = (0, 0);

        for (var loop = 0; loop < 100 && refused < 5; loop++)
        {
            var timerId = await StartTimerAsync(she);
            // One fewer than a timer's own limit, so no timer ever fires: only her budget stops him.
            for (var guess = 0; guess < 2; guess++)
            {
                using var checkIn = await she.She.PostAsJsonAsync($"/api/timers/{timerId}/check-in", new { pin = $"{3000 + loop * 2 + guess}" });
                if (checkIn.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused++;
                }
                else
                {
                    await HttpAssertions.AssertProblemAsync(checkIn, HttpStatusCode.UnprocessableEntity, CancelAlertSlice.WrongPinProblem);
                    wrong++;
                }
            }
        }

        Assert.Equal(WrongPinsPerDay, wrong);
        var raised = (await told.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId)).Message;
        Assert.Equal((DuressReason.WrongPinsExceeded, PinAction.CheckingIn), (raised.Reason, raised.Action));
    }

    [Fact]
    public async Task Wrong_pins_on_settings_cancels_and_timers_count_against_the_same_budget()
    {
        var she = await WithPinsAsync();
        var timerId = await StartTimerAsync(she);
        using var press = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));
        var alertId = (await press.ReadJsonAsync())["alertId"]!.GetValue<Guid>();

        for (var guess = 0; guess < WrongPinsPerDay; guess++)
        {
            using var response = (guess % 3) switch
            {
                0 => await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410", currentPin = "9513" }),
                1 => await she.She.PostAsJsonAsync($"/api/alerts/{alertId}/cancel", new { pin = "9513" }),
                _ => await she.She.PostAsJsonAsync($"/api/timers/{timerId}/extend", new { dueAt = host.Clock.GetUtcNow().AddHours(3), pin = "9513" }),
            };
            // A wrong PIN; or, past the alert's and the timer's own limits, a cancel that only looks done (the alert goes
            // on) and a timer already fired by the wrong PINs. Each guess costs a try all the same.
            Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.OK or HttpStatusCode.Conflict,
                $"guess {guess}: {response.StatusCode}");
        }

        using var checkIn = await she.She.PostAsJsonAsync($"/api/timers/{timerId}/check-in", new { pin = CancelPin });
        await HttpAssertions.AssertProblemAsync(checkIn, HttpStatusCode.TooManyRequests, PinGuard.TooManyAttemptsProblem);
        // A day later her own PIN works again.
        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        using var afterADay = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410", currentPin = CancelPin });
        Assert.Equal(HttpStatusCode.NoContent, afterADay.StatusCode);
    }

    [Fact]
    public async Task Her_right_pin_costs_nothing_however_often_she_uses_it()
    {
        var she = await WithPinsAsync();

        for (var change = 0; change < WrongPinsPerDay + 5; change++)
        {
            var (current, next) = change % 2 == 0 ? (CancelPin, "3691") : ("3691", CancelPin);
            using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = next, duressPin = DuressPin, currentPin = current });
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_pin_change_confirmed_with_her_duress_pin_reads_like_a_real_one_to_her_phone_and_tells_her_association()
    {
        var (real, forced) = (await WithPinsAsync(), await WithPinsAsync());
        var told = await host.WatchAsync<BeneficiaryDuressRaised>();
        var (realTimer, forcedTimer) = (await StartTimerAsync(real), await StartTimerAsync(forced));

        using var realChange = await real.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410", currentPin = CancelPin });
        using var forcedChange = await forced.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "3691", duressPin = "7410", currentPin = DuressPin });
        await AssertIdenticalAsync(realChange, forcedChange);

        // Every read and every PIN he can try next answers alike: her settings, her old PINs, the PINs he chose.
        using (var realSettings = await real.She.GetAsync(new Uri("/api/alerts/settings", UriKind.Relative)))
        using (var forcedSettings = await forced.She.GetAsync(new Uri("/api/alerts/settings", UriKind.Relative)))
        {
            await AssertIdenticalAsync(realSettings, forcedSettings);
        }
        // The PIN that confirmed the change is gone for both, as after any change.
        using (var realOld = await real.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "8520", duressPin = "9630", currentPin = CancelPin }))
        using (var forcedOld = await forced.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "8520", duressPin = "9630", currentPin = DuressPin }))
        {
            await AssertIdenticalAsync(realOld, forcedOld);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, forcedOld.StatusCode);
        }
        using (var realTimerView = await real.She.GetAsync(new Uri($"/api/timers/{realTimer}", UriKind.Relative)))
        using (var forcedTimerView = await forced.She.GetAsync(new Uri($"/api/timers/{forcedTimer}", UriKind.Relative)))
        {
            Assert.Equal(Masked(await realTimerView.Content.ReadAsStringAsync()), Masked(await forcedTimerView.Content.ReadAsStringAsync()));
        }
        using var realCheckIn = await real.She.PostAsJsonAsync($"/api/timers/{realTimer}/check-in", new { pin = "3691" });
        using var forcedCheckIn = await forced.She.PostAsJsonAsync($"/api/timers/{forcedTimer}/check-in", new { pin = "3691" });
        await AssertIdenticalAsync(realCheckIn, forcedCheckIn);
        Assert.Equal(HttpStatusCode.OK, forcedCheckIn.StatusCode);

        // Her association knows: the change only seemed to happen, and the check-in he made with "his" PIN is a duress.
        var raised = (await told.FirstAsync(m => m.BeneficiaryId == forced.BeneficiaryId)).Message;
        Assert.Equal((DuressReason.DuressPin, PinAction.ChangingPins), (raised.Reason, raised.Action));
        Assert.DoesNotContain(told.All, m => m.Message.BeneficiaryId == real.BeneficiaryId);
        var forcedTimerByOperator = await ReadAsync(forced.HerOperator, $"/api/timers/{forcedTimer}");
        Assert.True(forcedTimerByOperator["duress"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Starting_timer_after_timer_stops_at_twenty_a_day_and_a_press_still_raises_an_alert()
    {
        var she = await WithPinsAsync();
        for (var timer = 0; timer < Timers.StartSafetyTimerSlice.MaxTimersPerDay; timer++)
        {
            await StartTimerAsync(she);
        }

        using var oneMore = await she.She.SendAsync(StartTimer());

        var problem = await HttpAssertions.AssertProblemAsync(oneMore, HttpStatusCode.TooManyRequests, Timers.StartSafetyTimerSlice.TooManyTimersProblem);
        Assert.NotNull(oneMore.Headers.RetryAfter?.Delta);
        Assert.DoesNotContain("pin", problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        using var press = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));
        Assert.Equal(HttpStatusCode.Accepted, press.StatusCode);
    }

    [Fact]
    public async Task Drill_after_drill_stops_at_three_a_day_and_a_real_press_still_raises_an_alert()
    {
        var she = await host.PairedBeneficiaryAsync();
        var answers = new List<HttpStatusCode>();
        for (var drill = 0; drill < 4; drill++)
        {
            using var request = AlertRequests.Press(she.DeviceId);
            var body = await request.Content!.ReadFromJsonAsync<JsonObject>();
            body!["source"] = "drill";
            request.Content = JsonContent.Create(body);
            using var response = await she.She.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
        using var press = await she.She.SendAsync(AlertRequests.Press(she.DeviceId));
        Assert.Equal(HttpStatusCode.Accepted, press.StatusCode);
    }

    private async Task<PairedBeneficiary> WithPinsAsync()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = CancelPin, duressPin = DuressPin });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return she;
    }

    private HttpRequestMessage StartTimer()
    {
        var now = host.Clock.GetUtcNow();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/timers")
        {
            Content = JsonContent.Create(new
            {
                dueAt = now.AddHours(2),
                location = new { latitude = 45.7772, longitude = 3.0870, accuracyMeters = 12.5, capturedAt = now },
            }),
        };
        request.Headers.Add("Idempotency-Key", $"timer-{Guid.NewGuid():N}");
        return request;
    }

    private async Task<Guid> StartTimerAsync(PairedBeneficiary she)
    {
        using var request = StartTimer();
        using var response = await she.She.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["timerId"]!.GetValue<Guid>();
    }

    private static async Task<JsonObject> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
