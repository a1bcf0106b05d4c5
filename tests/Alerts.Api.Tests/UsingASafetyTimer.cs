using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Timers;
using Platform.Alerts.Contracts;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Platform.Alerts.Api.Tests.IdenticalAnswers;

namespace Platform.Alerts.Api.Tests;

/// <summary>Safety timers through the running service: real PostgreSQL wake-ups and RabbitMQ, time moved by the test.</summary>
public sealed class UsingASafetyTimer(AlertsHost host) : IClassFixture<AlertsHost>
{
    private const string CancelPin = "2580";
    private const string DuressPin = "1470";
    private const string WrongPin = "9513";

    [Fact]
    public async Task A_timer_that_runs_out_raises_an_alert_from_the_timer_with_her_last_position()
    {
        var she = await WithPinsAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        var now = host.Clock.GetUtcNow();
        var timerId = await StartAsync(she, TimeSpan.FromMinutes(10), latitude: 45.70);
        using var newer = await she.She.PostAsJsonAsync($"/api/timers/{timerId}/locations", new { location = Fix(now.AddSeconds(20), 45.90) });
        // Sent later but captured earlier (her phone was offline for a while): it joins, but is not where she is now.
        using var older = await she.She.PostAsJsonAsync($"/api/timers/{timerId}/locations", new { location = Fix(now.AddSeconds(10), 45.80) });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (newer.StatusCode, older.StatusCode));
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, timerId);

        host.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var triggered = (await published.FirstAsync(m => m.AlertId == alertId)).Message;
        Assert.Equal((AlertSource.Timer, PressPattern.LongPress, Guid.Empty), (triggered.Source, triggered.PressPattern, triggered.DeviceId));
        Assert.Equal(45.90, triggered.Location.Latitude);
        var alert = await ReadAsync(she.HerOperator, $"/api/alerts/{alertId}");
        Assert.Equal(("triggered", 45.90), (alert["status"]!.GetValue<string>(), alert["lastKnownLocation"]!["latitude"]!.GetValue<double>()));
        var timer = await ReadAsync(she.She, $"/api/timers/{timerId}");
        Assert.Equal(("expired", alertId), (timer["status"]!.GetValue<string>(), timer["alertId"]!.GetValue<Guid>()));
        // Fired once: its wake-up is gone and a single alert went out.
        await EscalatingAnAlert.WakeUpGoneAsync(host, timerId);
        Assert.Single(published.All, m => m.Message.AlertId == alertId);
    }

    [Fact]
    public async Task A_check_in_stops_the_timer_and_no_alert_is_raised()
    {
        var she = await WithPinsAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        var checkedIn = await StartAsync(she, TimeSpan.FromMinutes(5));
        var forgotten = await StartAsync(she, TimeSpan.FromMinutes(5));

        using var response = await CheckInAsync(she, checkedIn, CancelPin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("checkedIn", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        host.Clock.Advance(TimeSpan.FromMinutes(6));

        // The timer left running beside it fires: the pump has looked past both due times.
        await published.FirstAsync(m => m.AlertId == SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, forgotten));
        await EscalatingAnAlert.WakeUpGoneAsync(host, checkedIn);
        var notRaised = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, checkedIn);
        Assert.DoesNotContain(published.All, m => m.Message.AlertId == notRaised);
        using var alert = await she.HerOperator.GetAsync(new Uri($"/api/alerts/{notRaised}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, alert.StatusCode);
        Assert.Equal("checkedIn", (await ReadAsync(she.She, $"/api/timers/{checkedIn}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_extension_moves_the_expiry_later()
    {
        var she = await WithPinsAsync();
        var published = await host.WatchAsync<AlertTriggered>();
        var extended = await StartAsync(she, TimeSpan.FromMinutes(5));
        var control = await StartAsync(she, TimeSpan.FromMinutes(5));
        var later = host.Clock.GetUtcNow().AddMinutes(30);

        using var response = await ExtendAsync(she, extended, later, CancelPin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(later, (await response.ReadJsonAsync())["dueAt"]!.GetValue<DateTimeOffset>());
        host.Clock.Advance(TimeSpan.FromMinutes(6));

        await published.FirstAsync(m => m.AlertId == SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, control));
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, extended);
        Assert.DoesNotContain(published.All, m => m.Message.AlertId == alertId);
        Assert.Equal("active", (await ReadAsync(she.She, $"/api/timers/{extended}"))["status"]!.GetValue<string>());

        host.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(AlertSource.Timer, (await published.FirstAsync(m => m.AlertId == alertId)).Message.Source);
    }

    [Fact]
    public async Task An_earlier_due_time_is_refused_as_an_extension()
    {
        var she = await WithPinsAsync();
        var timerId = await StartAsync(she, TimeSpan.FromMinutes(30));

        using var earlier = await ExtendAsync(she, timerId, host.Clock.GetUtcNow().AddMinutes(10), CancelPin);

        await HttpAssertions.AssertProblemAsync(earlier, HttpStatusCode.UnprocessableEntity, ExtendSafetyTimerSlice.NotLaterProblem);
    }

    [Fact]
    public async Task An_extension_without_her_pin_or_with_a_wrong_one_is_refused_and_counts_toward_the_same_limit_as_check_in()
    {
        var she = await WithPinsAsync();
        var triggered = await host.WatchAsync<AlertTriggered>();
        var raised = await host.WatchAsync<AlertDuressRaised>();
        var timerId = await StartAsync(she, TimeSpan.FromMinutes(30));
        var dueAt = (await ReadAsync(she.She, $"/api/timers/{timerId}"))["dueAt"]!.GetValue<DateTimeOffset>();
        var later = host.Clock.GetUtcNow().AddHours(2);

        using var withoutPin = await she.She.PostAsJsonAsync($"/api/timers/{timerId}/extend", new { dueAt = later });
        using var wrongPin = await ExtendAsync(she, timerId, later, WrongPin);

        foreach (var (refused, triesLeft) in new[] { (withoutPin, 2), (wrongPin, 1) })
        {
            var problem = await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CancelAlertSlice.WrongPinProblem);
            Assert.Equal(triesLeft, problem["triesLeft"]!.GetValue<int>());
        }
        var timer = await ReadAsync(she.She, $"/api/timers/{timerId}");
        Assert.Equal(("active", dueAt), (timer["status"]!.GetValue<string>(), timer["dueAt"]!.GetValue<DateTimeOffset>()));
        // The last try is spent on a check-in: the wrong PINs fire the alert, never lock her out.
        using var last = await CheckInAsync(she, timerId, WrongPin);
        Assert.Equal(0, (await HttpAssertions.AssertProblemAsync(last, HttpStatusCode.UnprocessableEntity, CancelAlertSlice.WrongPinProblem))
            ["triesLeft"]!.GetValue<int>());
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, timerId);
        Assert.Equal(AlertSource.Timer, (await triggered.FirstAsync(m => m.AlertId == alertId)).Message.Source);
        Assert.Equal(DuressReason.WrongPinsExceeded, (await raised.FirstAsync(m => m.AlertId == alertId)).Message.Reason);
    }

    [Fact]
    public async Task Her_duress_pin_answers_exactly_as_an_extension_while_a_duress_alert_reaches_her_operator_at_once()
    {
        var she = await WithPinsAsync();
        var triggered = await host.WatchAsync<AlertTriggered>();
        var (real, duress) = (await StartAsync(she, TimeSpan.FromMinutes(20)), await StartAsync(she, TimeSpan.FromMinutes(20)));
        var later = host.Clock.GetUtcNow().AddMinutes(40);

        using var realAnswer = await ExtendAsync(she, real, later, CancelPin);
        using var duressAnswer = await ExtendAsync(she, duress, later, DuressPin);

        Assert.Equal(HttpStatusCode.OK, realAnswer.StatusCode);
        await AssertIdenticalAsync(realAnswer, duressAnswer);
        var receipt = await duressAnswer.ReadJsonAsync();
        Assert.Equal((duress, later, "active"), (receipt["timerId"]!.GetValue<Guid>(), receipt["dueAt"]!.GetValue<DateTimeOffset>(),
            receipt["status"]!.GetValue<string>()));
        // Her association has the alert at once, marked duress; the timer reads as it truly is to them.
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, duress);
        var active = (await ReadAsync(she.HerOperator, "/api/alerts?status=active"))["items"]!.AsArray();
        var alert = Assert.Single(active, item => item!["id"]!.GetValue<Guid>() == alertId)!;
        Assert.Equal((true, "timer"), (alert["duress"]!.GetValue<bool>(), alert["source"]!.GetValue<string>()));
        var operatorTimer = await ReadAsync(she.HerOperator, $"/api/timers/{duress}");
        Assert.Equal(("expired", true, alertId), (operatorTimer["status"]!.GetValue<string>(), operatorTimer["duress"]!.GetValue<bool>(),
            operatorTimer["alertId"]!.GetValue<Guid>()));
        // Her own reads show the extension, as the real one's do.
        var herView = await HerViewAlikeAsync(she, real, duress);
        Assert.Equal(("active", later), (herView["status"]!.GetValue<string>(), herView["dueAt"]!.GetValue<DateTimeOffset>()));
        Assert.DoesNotContain("duress", herView.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(later, Line(await ReadAsync(she.She, "/api/timers?status=active"), duress)!["dueAt"]!.GetValue<DateTimeOffset>());

        host.Clock.Advance(TimeSpan.FromMinutes(41));

        // Past that due time, her reads show what the real one's expiry shows: expired, with the alert.
        await triggered.FirstAsync(m => m.AlertId == SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, real));
        herView = await HerViewAlikeAsync(she, real, duress);
        Assert.Equal(("expired", alertId), (herView["status"]!.GetValue<string>(), herView["alertId"]!.GetValue<Guid>()));
        Assert.Null(Line(await ReadAsync(she.She, "/api/timers?status=active"), duress));
        Assert.Equal("expired", Line(await ReadAsync(she.She, "/api/timers?status=expired"), duress)!["status"]!.GetValue<string>());
        Assert.Single(triggered.All, m => m.Message.AlertId == alertId);
    }

    [Fact]
    public async Task After_a_duress_extension_her_check_in_answers_as_on_a_running_timer_while_the_alert_goes_on()
    {
        var she = await WithPinsAsync();
        var (real, duress) = (await StartAsync(she, TimeSpan.FromMinutes(20)), await StartAsync(she, TimeSpan.FromMinutes(20)));
        var later = host.Clock.GetUtcNow().AddMinutes(40);
        using var realExtension = await ExtendAsync(she, real, later, CancelPin);
        using var duressExtension = await ExtendAsync(she, duress, later, DuressPin);

        using var realAnswer = await CheckInAsync(she, real, CancelPin);
        using var duressAnswer = await CheckInAsync(she, duress, CancelPin);

        Assert.Equal(HttpStatusCode.OK, realAnswer.StatusCode);
        await AssertIdenticalAsync(realAnswer, duressAnswer);
        var herView = await HerViewAlikeAsync(she, real, duress);
        Assert.Equal("checkedIn", herView["status"]!.GetValue<string>());
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, duress);
        Assert.Equal("triggered", (await ReadAsync(she.HerOperator, $"/api/alerts/{alertId}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Her_duress_pin_answers_exactly_as_a_check_in_while_a_duress_alert_reaches_her_association()
    {
        var she = await WithPinsAsync();
        var triggered = await host.WatchAsync<AlertTriggered>();
        var raised = await host.WatchAsync<AlertDuressRaised>();
        var escalated = await host.WatchAsync<AlertEscalated>();
        var (real, duress) = (await StartAsync(she, TimeSpan.FromMinutes(20)), await StartAsync(she, TimeSpan.FromMinutes(20)));

        using var realAnswer = await CheckInAsync(she, real, CancelPin);
        using var duressAnswer = await CheckInAsync(she, duress, DuressPin);

        Assert.Equal(HttpStatusCode.OK, realAnswer.StatusCode);
        await AssertIdenticalAsync(realAnswer, duressAnswer);
        // Her later reads of the timer (and of her list) show it checked in, like the real one.
        var herView = await HerViewAlikeAsync(she, real, duress);
        Assert.Equal("checkedIn", herView["status"]!.GetValue<string>());
        Assert.DoesNotContain("duress", herView.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var active = await ReadAsync(she.She, "/api/timers?status=active");
        Assert.DoesNotContain(active["items"]!.AsArray(), item => item!["id"]!.GetValue<Guid>() == duress);

        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, duress);
        Assert.Equal(AlertSource.Timer, (await triggered.FirstAsync(m => m.AlertId == alertId)).Message.Source);
        Assert.Equal(DuressReason.DuressPin, (await raised.FirstAsync(m => m.AlertId == alertId)).Message.Reason);
        Assert.True((await escalated.FirstAsync(m => m.AlertId == alertId)).Message.Priority);
        var operatorAlert = await ReadAsync(she.HerOperator, $"/api/alerts/{alertId}");
        Assert.Equal(("triggered", true), (operatorAlert["status"]!.GetValue<string>(), operatorAlert["duress"]!.GetValue<bool>()));
        var operatorTimer = await ReadAsync(she.HerOperator, $"/api/timers/{duress}");
        Assert.Equal(("expired", true, alertId), (operatorTimer["status"]!.GetValue<string>(), operatorTimer["duress"]!.GetValue<bool>(),
            operatorTimer["alertId"]!.GetValue<Guid>()));
        Assert.DoesNotContain(triggered.All, m => m.Message.AlertId == SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, real));
    }

    [Fact]
    public async Task Wrong_pins_count_down_then_the_timer_fires_its_alert_at_once()
    {
        var she = await WithPinsAsync();
        var triggered = await host.WatchAsync<AlertTriggered>();
        var raised = await host.WatchAsync<AlertDuressRaised>();
        var timerId = await StartAsync(she, TimeSpan.FromHours(2));
        var alertId = SafetyTimer.AlertIdFor(she.AssociationId, she.BeneficiaryId, timerId);

        foreach (var triesLeft in new[] { 2, 1, 0 })
        {
            using var wrong = await CheckInAsync(she, timerId, WrongPin);
            var problem = await HttpAssertions.AssertProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, CancelAlertSlice.WrongPinProblem);
            Assert.Equal(triesLeft, problem["triesLeft"]!.GetValue<int>());
        }

        Assert.Equal(AlertSource.Timer, (await triggered.FirstAsync(m => m.AlertId == alertId)).Message.Source);
        Assert.Equal(DuressReason.WrongPinsExceeded, (await raised.FirstAsync(m => m.AlertId == alertId)).Message.Reason);
        Assert.True((await ReadAsync(she.HerOperator, $"/api/alerts/{alertId}"))["duress"]!.GetValue<bool>());
        // Never locked out: the next check-in, whatever the PIN, looks like one while the alert goes on.
        using var next = await CheckInAsync(she, timerId, WrongPin);
        Assert.Equal((HttpStatusCode.OK, "checkedIn"), (next.StatusCode, (await next.ReadJsonAsync())["status"]!.GetValue<string>()));
        Assert.Equal("triggered", (await ReadAsync(she.HerOperator, $"/api/alerts/{alertId}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_she_and_her_associations_operators_see_her_timer()
    {
        var she = await WithPinsAsync();
        var timerId = await StartAsync(she, TimeSpan.FromHours(1), note: "Collecting the children from his flat");
        using var otherOperator = host.ClientWithToken(host.Tokens.Operator(Guid.CreateVersion7()));
        using var otherBeneficiary = host.ClientWithToken(host.Tokens.Beneficiary(she.AssociationId, Guid.CreateVersion7()));

        var herOperators = await ReadAsync(she.HerOperator, $"/api/timers/{timerId}");
        Assert.Equal(("active", "Collecting the children from his flat"),
            (herOperators["status"]!.GetValue<string>(), herOperators["note"]!.GetValue<string>()));
        // Where she is stays hers until an alert fires.
        Assert.Null(herOperators["lastKnownLocation"]);
        using var byOtherOperator = await otherOperator.GetAsync(new Uri($"/api/timers/{timerId}", UriKind.Relative));
        using var byOtherBeneficiary = await otherBeneficiary.GetAsync(new Uri($"/api/timers/{timerId}", UriKind.Relative));
        using var checkInByOther = await otherBeneficiary.PostAsJsonAsync($"/api/timers/{timerId}/check-in", new { pin = CancelPin });
        using var extendByOther = await otherBeneficiary.PostAsJsonAsync($"/api/timers/{timerId}/extend",
            new { dueAt = host.Clock.GetUtcNow().AddHours(3), pin = CancelPin });
        foreach (var refused in new[] { byOtherOperator, byOtherBeneficiary })
        {
            await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.NotFound);
        }
        // Whoever has no PINs of their own is told so before anything about the timer.
        foreach (var refused in new[] { checkInByOther, extendByOther })
        {
            await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict, CancelAlertSlice.NoPinSetProblem);
        }
        var hers = await ReadAsync(she.She, "/api/timers?status=active");
        Assert.Contains(hers["items"]!.AsArray(), item => item!["id"]!.GetValue<Guid>() == timerId);
        var theirs = await ReadAsync(otherBeneficiary, "/api/timers?status=active");
        Assert.Empty(theirs["items"]!.AsArray());
    }

    [Fact]
    public async Task The_same_start_retried_by_her_app_is_one_timer()
    {
        var she = await WithPinsAsync();
        var key = NewKey();

        using var first = await she.She.SendAsync(Start(TimeSpan.FromHours(1), key: key));
        using var retry = await she.She.SendAsync(Start(TimeSpan.FromHours(1), key: key));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, retry.StatusCode));
        var timerId = (await first.ReadJsonAsync())["timerId"]!.GetValue<Guid>();
        Assert.Equal(timerId, (await retry.ReadJsonAsync())["timerId"]!.GetValue<Guid>());
        Assert.Equal($"/api/timers/{timerId}", first.Headers.Location?.ToString());
        var hers = await ReadAsync(she.She, "/api/timers");
        Assert.Single(hers["items"]!.AsArray(), item => item!["id"]!.GetValue<Guid>() == timerId);
    }

    [Fact]
    public async Task Without_pins_she_cannot_start_a_timer_she_could_never_stop()
    {
        var she = await host.PairedBeneficiaryAsync();

        using var response = await she.She.SendAsync(Start(TimeSpan.FromHours(1)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, CancelAlertSlice.NoPinSetProblem);
    }

    [Fact]
    public async Task Bad_input_gets_a_400_problem_never_a_5xx()
    {
        var she = await WithPinsAsync();
        var now = host.Clock.GetUtcNow();
        var timerId = await StartAsync(she, TimeSpan.FromHours(1));
        var location = Fix(now, 45.7772);
        (HttpRequestMessage Request, string? Field)[] cases =
        [
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddMinutes(-1), location }, NewKey()), "dueAt"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddHours(25), location }, NewKey()), "dueAt"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddHours(1), location, note = new string('x', 281) }, NewKey()), "note"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddHours(1) }, NewKey()), "location"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddHours(1), location = Fix(now, 91) }, NewKey()), "location.latitude"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = now.AddHours(1), location }), "Idempotency-Key"),
            (Json(HttpMethod.Post, "/api/timers", new { dueAt = "tomorrow", location }, NewKey()), null),
            (Json(HttpMethod.Post, $"/api/timers/{timerId}/extend", new { dueAt = now.AddHours(30), pin = CancelPin }), "dueAt"),
            (Json(HttpMethod.Post, $"/api/timers/{timerId}/locations", new { }), "location"),
            (new HttpRequestMessage(HttpMethod.Get, "/api/timers?status=sleeping"), "status"),
        ];

        foreach (var (request, field) in cases)
        {
            using var _ = request;
            using var response = await she.She.SendAsync(request);
            var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            if (field is not null)
            {
                Assert.NotNull(problem["errors"]![field]);
            }
        }
    }

    private async Task<PairedBeneficiary> WithPinsAsync()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = CancelPin, duressPin = DuressPin });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return she;
    }

    private static object Fix(DateTimeOffset capturedAt, double latitude) => new { latitude, longitude = 3.0870, accuracyMeters = 12.5, capturedAt };

    private HttpRequestMessage Start(TimeSpan dueIn, double latitude = 45.7772, string? note = null, string? key = null) =>
        Json(HttpMethod.Post, "/api/timers", new
        {
            dueAt = host.Clock.GetUtcNow() + dueIn,
            note,
            location = Fix(host.Clock.GetUtcNow(), latitude),
        }, key ?? NewKey());

    private async Task<Guid> StartAsync(PairedBeneficiary she, TimeSpan dueIn, double latitude = 45.7772, string? note = null)
    {
        using var request = Start(dueIn, latitude, note);
        using var response = await she.She.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = await response.ReadJsonAsync();
        Assert.Equal("active", started["status"]!.GetValue<string>());
        return started["timerId"]!.GetValue<Guid>();
    }

    private static Task<HttpResponseMessage> CheckInAsync(PairedBeneficiary she, Guid timerId, string pin) =>
        she.She.PostAsJsonAsync($"/api/timers/{timerId}/check-in", new { pin });

    private static Task<HttpResponseMessage> ExtendAsync(PairedBeneficiary she, Guid timerId, DateTimeOffset dueAt, string pin) =>
        she.She.PostAsJsonAsync($"/api/timers/{timerId}/extend", new { dueAt, pin });

    /// <summary>Her view of the timer a duress PIN touched, once checked to read as her view of the real one.</summary>
    private static async Task<JsonObject> HerViewAlikeAsync(PairedBeneficiary she, Guid real, Guid duress)
    {
        var herView = await ReadAsync(she.She, $"/api/timers/{duress}");
        Assert.Equal(Masked((await ReadAsync(she.She, $"/api/timers/{real}")).ToJsonString()), Masked(herView.ToJsonString()));
        return herView;
    }

    /// <summary>Her list's line for the timer, if the list holds it.</summary>
    private static JsonNode? Line(JsonObject page, Guid timerId) =>
        page["items"]!.AsArray().SingleOrDefault(item => item!["id"]!.GetValue<Guid>() == timerId);

    private static string NewKey() => $"timer-{Guid.NewGuid():N}";

    private static HttpRequestMessage Json(HttpMethod method, string path, object body, string? key = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return request;
    }

    private static async Task<JsonObject> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
