using Platform.Alerts.Contracts;
using Platform.ServiceDefaults.Authentication;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Alerts.Api.Tests;

/// <summary>
/// He holds her unlocked phone: he cannot quietly make her button do less, and the PIN confirmations other services need
/// (removing a contact, erasing her evidence) come from here, within her one PIN budget, a duress one looking like the real one.
/// </summary>
public sealed class DisarmingHerButtonFromHerPhone(AlertsHost host) : IClassFixture<AlertsHost>
{
    private const string CancelPin = "2580";
    private const string DuressPin = "1470";

    private static readonly object Weaker = new { singleClick = "callMeWithAnExcuse", doubleClick = "callMeWithAnExcuse", longPress = "fullAlert" };

    [Fact]
    public async Task Making_her_presses_do_less_without_her_PIN_is_refused_and_a_long_press_still_records()
    {
        var she = await WithPinsAsync();

        using var refused = await she.She.PutAsJsonAsync("/api/alerts/settings/press-patterns", Weaker);
        using var wrong = await she.She.PutAsJsonAsync("/api/alerts/settings/press-patterns", WithPin(Weaker, "0000"));
        using var stronger = await she.She.PutAsJsonAsync("/api/alerts/settings/press-patterns",
            new { singleClick = "fullAlert", doubleClick = "fullAlertAndRecord", longPress = "fullAlertAndRecord" });

        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.PreconditionRequired, "/problems/pin-required");
        await HttpAssertions.AssertProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "/problems/wrong-pin");
        Assert.Equal(HttpStatusCode.OK, stronger.StatusCode);
        var longPress = await AcceptedAsync(she, "longPress");
        Assert.Equal(("fullAlert", true), (longPress["response"]!.GetValue<string>(), longPress["startRecording"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Her_duress_PIN_makes_weaker_presses_look_kept_while_every_press_still_does_what_it_did_and_her_association_is_told()
    {
        var duressRaised = await host.WatchAsync<BeneficiaryDuressRaised>();
        var weakened = await host.WatchAsync<HerPressPatternsWeakened>();
        var real = await WithPinsAsync();
        var forced = await WithPinsAsync();

        using var byHer = await real.She.PutAsJsonAsync("/api/alerts/settings/press-patterns", WithPin(Weaker, CancelPin));
        using var underDuress = await forced.She.PutAsJsonAsync("/api/alerts/settings/press-patterns", WithPin(Weaker, DuressPin));

        await IdenticalAnswers.AssertIdenticalAsync(byHer, underDuress);
        using var realRead = await real.She.GetAsync(new Uri("/api/alerts/settings/press-patterns", UriKind.Relative));
        using var forcedRead = await forced.She.GetAsync(new Uri("/api/alerts/settings/press-patterns", UriKind.Relative));
        await IdenticalAnswers.AssertIdenticalAsync(realRead, forcedRead);
        Assert.Equal("callMeWithAnExcuse", (await AcceptedAsync(real, "doubleClick"))["response"]!.GetValue<string>());
        var forcedPress = await AcceptedAsync(forced, "longPress");
        Assert.Equal(("fullAlert", true), (forcedPress["response"]!.GetValue<string>(), forcedPress["startRecording"]!.GetValue<bool>()));
        Assert.Equal("fullAlert", (await AcceptedAsync(forced, "doubleClick"))["response"]!.GetValue<string>());
        var raised = (await duressRaised.FirstAsync(m => m.BeneficiaryId == forced.BeneficiaryId)).Message;
        Assert.Equal((DuressReason.DuressPin, PinAction.WeakeningPressPatterns), (raised.Reason, raised.Action));
        Assert.Equal(real.AssociationId, (await weakened.FirstAsync(m => m.BeneficiaryId == real.BeneficiaryId)).Message.AssociationId);
        Assert.DoesNotContain(weakened.All, m => m.Message.BeneficiaryId == forced.BeneficiaryId);
    }

    [Fact]
    public async Task A_PIN_confirmation_answers_her_PIN_and_her_duress_PIN_alike_and_only_the_duress_one_tells_her_association()
    {
        var duressRaised = await host.WatchAsync<BeneficiaryDuressRaised>();
        var she = await WithPinsAsync();
        var forced = await WithPinsAsync();

        using var real = await ConfirmAsync(she, CancelPin);
        using var duress = await ConfirmAsync(forced, DuressPin);
        using var wrong = await ConfirmAsync(she, "0000");
        using var bad = await she.She.PostAsJsonAsync("/api/alerts/pin-confirmations", new { pin = CancelPin, action = "dancing" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (real.StatusCode, duress.StatusCode));
        Assert.Equal(IdenticalAnswers.ComparableHeaders(real), IdenticalAnswers.ComparableHeaders(duress));
        var (realBody, duressBody) = (await real.Content.ReadAsStringAsync(), await duress.Content.ReadAsStringAsync());
        var (realToken, duressToken) = (JsonNode.Parse(realBody)!["confirmation"]!.GetValue<string>(),
            JsonNode.Parse(duressBody)!["confirmation"]!.GetValue<string>());
        // Each confirmation is sealed with its own random key and IV: the bodies match but for those bytes, of the same length.
        Assert.Equal(IdenticalAnswers.Masked(realBody.Replace(realToken, "<sealed>", StringComparison.Ordinal)),
            IdenticalAnswers.Masked(duressBody.Replace(duressToken, "<sealed>", StringComparison.Ordinal)));
        Assert.Equal(realToken.Length, duressToken.Length);
        Assert.Equal(5, duressToken.Split('.').Length);
        Assert.DoesNotContain(DuressPin, duressToken, StringComparison.Ordinal);
        await HttpAssertions.AssertProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "/problems/wrong-pin");
        await HttpAssertions.AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        var raised = (await duressRaised.FirstAsync(m => m.BeneficiaryId == forced.BeneficiaryId)).Message;
        Assert.Equal(PinAction.RemovingAContact, raised.Action);
        Assert.DoesNotContain(duressRaised.All, m => m.Message.BeneficiaryId == she.BeneficiaryId);
    }

    [Fact]
    public async Task Fifty_concurrent_confirmation_guesses_spend_at_most_her_days_budget()
    {
        var she = await WithPinsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async guess =>
        {
            using var response = await ConfirmAsync(she, $"9{guess:000}");
            return response.StatusCode;
        }));

        Assert.Equal(20, answers.Count(status => status == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(30, answers.Count(status => status == HttpStatusCode.TooManyRequests));
        // Past the budget even her right PIN is not checked: nothing to learn from it.
        using var right = await ConfirmAsync(she, CancelPin);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Fact]
    public async Task Flooding_her_contacts_with_new_press_ids_joins_her_running_alert_and_a_long_press_still_records()
    {
        var triggered = await host.WatchAsync<AlertTriggered>();
        var she = await host.PairedBeneficiaryAsync();

        var first = await AcceptedAsync(she, "doubleClick");
        var presses = new List<JsonObject>();
        for (var press = 0; press < 10; press++)
        {
            presses.Add(await AcceptedAsync(she, press == 9 ? "longPress" : "doubleClick"));
        }
        // Past the window, with three alerts of hers running, a press still joins the latest.
        for (var running = 0; running < 2; running++)
        {
            host.Clock.Advance(Alerts.Triggering.TriggerAlertSlice.SamePressWindow + TimeSpan.FromSeconds(1));
            await AcceptedAsync(she, "doubleClick");
        }
        host.Clock.Advance(TimeSpan.FromHours(1));
        var afterAnHour = await AcceptedAsync(she, "doubleClick");

        var alertId = first["alertId"]!.GetValue<Guid>();
        Assert.All(presses, accepted => Assert.Equal(alertId, accepted["alertId"]!.GetValue<Guid>()));
        Assert.True(presses[^1]["startRecording"]!.GetValue<bool>());
        await triggered.FirstAsync(m => m.BeneficiaryId == she.BeneficiaryId);
        var hers = await Eventually.ValueAsync(() =>
        {
            var seen = triggered.All.Where(m => m.Message.BeneficiaryId == she.BeneficiaryId).ToList();
            return Task.FromResult((seen.Count >= 3, seen));
        }, "her three alerts");
        Assert.Equal(3, hers.Count);
        Assert.Contains(hers, m => m.Message.AlertId == afterAnHour["alertId"]!.GetValue<Guid>());
    }

    private async Task<PairedBeneficiary> WithPinsAsync()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = CancelPin, duressPin = DuressPin });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return she;
    }

    private static Task<HttpResponseMessage> ConfirmAsync(PairedBeneficiary she, string pin) =>
        she.She.PostAsJsonAsync("/api/alerts/pin-confirmations",
            new { pin, action = PinConfirmations.JsonNamingPolicyName(ProtectedAction.RemovingAContact) });

    private static JsonObject WithPin(object choice, string pin)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(choice))!.AsObject();
        body["pin"] = pin;
        return body;
    }

    private static async Task<JsonObject> AcceptedAsync(PairedBeneficiary she, string pattern)
    {
        using var response = await she.She.SendAsync(AlertRequests.Press(she.DeviceId, pattern: pattern));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
