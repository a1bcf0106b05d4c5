using Platform.Notifications.Contracts;
using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Contracts;
using Platform.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

public sealed partial class CancellingAnAlert(AlertsHost host) : IClassFixture<AlertsHost>
{
    private const string CancelPin = "2580";
    private const string DuressPin = "1470";
    private const string WrongPin = "9513";

    [Fact]
    public async Task Her_cancel_pin_cancels_the_alert_and_AlertCancelled_is_published()
    {
        var she = await WithPinsAsync();
        var alertId = await TriggerAsync(she);
        var published = await host.WatchAsync<AlertCancelled>();

        using var response = await CancelAsync(she, alertId, CancelPin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancelled", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        var (messageId, cancelled, _) = await published.FirstAsync(m => m.AlertId == alertId);
        Assert.Equal(cancelled.EventId, messageId);
        Assert.Equal((she.AssociationId, she.BeneficiaryId), (cancelled.AssociationId, cancelled.BeneficiaryId));
        Assert.Equal("cancelled", (await ReadAsync(she.She, alertId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_pins_a_cancel_is_refused_with_409()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);

        using var response = await CancelAsync(she, alertId, CancelPin);

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, CancelAlertSlice.NoPinSetProblem);
    }

    [Fact]
    public async Task Duress_answer_is_identical_to_a_cancel_apart_from_ids_and_dates()
    {
        var she = await WithPinsAsync();
        var (cancelled, duress) = await TwoAlertsAsync(she);

        using var cancelAnswer = await CancelAsync(she, cancelled, CancelPin);
        using var duressAnswer = await CancelAsync(she, duress, DuressPin);

        Assert.Equal(cancelAnswer.StatusCode, duressAnswer.StatusCode);
        Assert.Equal(ComparableHeaders(cancelAnswer), ComparableHeaders(duressAnswer));
        Assert.Equal(Masked(await cancelAnswer.Content.ReadAsStringAsync()), Masked(await duressAnswer.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Duress_takes_as_long_as_a_cancel()
    {
        var she = await WithPinsAsync();
        List<double> cancelTimes = [];
        List<double> duressTimes = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var (forCancel, forDuress) = await TwoAlertsAsync(she);
            // Alternating which goes first, so warm-up and caching favour neither.
            if (attempt % 2 == 0)
            {
                cancelTimes.Add(await TimedCancelAsync(she, forCancel, CancelPin));
                duressTimes.Add(await TimedCancelAsync(she, forDuress, DuressPin));
            }
            else
            {
                duressTimes.Add(await TimedCancelAsync(she, forDuress, DuressPin));
                cancelTimes.Add(await TimedCancelAsync(she, forCancel, CancelPin));
            }
        }

        // Compared pair by pair: each cancel and its duress ran back to back, so the load of whatever else runs on the
        // machine (other test assemblies) weighs on both alike and cancels out of their difference.
        var (cancelMedian, duressMedian) = (Median(cancelTimes), Median(duressTimes));
        var typicalGap = Median([.. cancelTimes.Zip(duressTimes, (cancel, duress) => duress - cancel)]);
        Console.WriteLine($"Cancel median {cancelMedian:F1} ms, duress median {duressMedian:F1} ms, paired gap median {typicalGap:F1} ms.");
        var tolerance = Math.Max(15, 0.3 * Math.Min(cancelMedian, duressMedian));
        Assert.True(Math.Abs(typicalGap) <= tolerance,
            $"Cancel median {cancelMedian:F1} ms, duress median {duressMedian:F1} ms, paired gap {typicalGap:F1} ms: a duress can be told apart by its timing.");
    }

    [Fact]
    public async Task After_a_duress_she_reads_a_cancelled_alert_while_her_operators_see_the_duress_first()
    {
        var she = await WithPinsAsync();
        var (cancelled, duress) = await TwoAlertsAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        var raised = await host.WatchAsync<AlertDuressRaised>();
        var cancels = await host.WatchAsync<AlertCancelled>();

        using var _ = await CancelAsync(she, duress, DuressPin);
        using var __ = await CancelAsync(she, cancelled, CancelPin);

        var herView = await ReadAsync(she.She, duress);
        Assert.Equal(Masked((await ReadAsync(she.She, cancelled)).ToJsonString()), Masked(herView.ToJsonString()));
        Assert.Equal("cancelled", herView["status"]!.GetValue<string>());
        Assert.DoesNotContain("duress", herView.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        var operatorView = await ReadAsync(herOperator, duress);
        Assert.Equal(("triggered", true), (operatorView["status"]!.GetValue<string>(), operatorView["duress"]!.GetValue<bool>()));
        var list = await ReadListAsync(herOperator);
        Assert.Equal(duress, list["items"]![0]!["id"]!.GetValue<Guid>());
        Assert.True(list["items"]![0]!["duress"]!.GetValue<bool>());
        var (_, raisedMessage, _) = await raised.FirstAsync(m => m.AlertId == duress);
        Assert.Equal(DuressReason.DuressPin, raisedMessage.Reason);
        // The outbox publishes in commit order: once the later cancel is out, a cancel of the duress alert would be too.
        await cancels.FirstAsync(m => m.AlertId == cancelled);
        Assert.DoesNotContain(cancels.All, m => m.Message.AlertId == duress);
    }

    [Fact]
    public async Task What_happens_after_a_duress_never_shows_on_her_phone()
    {
        var she = await WithPinsAsync();
        var (cancelled, duress) = await TwoAlertsAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        using var _ = await CancelAsync(she, duress, DuressPin);
        using var __ = await CancelAsync(she, cancelled, CancelPin);

        // The alert goes on: an SMS still reaches a contact after the duress, and her operator sees it.
        var late = new NotificationDispatched(Guid.CreateVersion7(), DateTimeOffset.UtcNow, she.AssociationId, duress, Guid.CreateVersion7(),
            NotificationChannel.Sms, 2, "SM-after-duress");
        await host.PublishAsync(late, late.EventId);
        await Eventually.TrueAsync(async () => (await ReadAsync(herOperator, duress)).ToJsonString().Contains(late.ContactId.ToString(),
            StringComparison.Ordinal), "the late SMS in her operator's view");

        using var herRead = await she.She.GetAsync(new Uri($"/api/alerts/{duress}", UriKind.Relative));
        var herView = await herRead.ReadJsonAsync();
        Assert.DoesNotContain(late.ContactId.ToString(), herView.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(Masked((await ReadAsync(she.She, cancelled)).ToJsonString()), Masked(herView.ToJsonString()));
        // No version number for her to watch grow.
        Assert.Null(herRead.Headers.ETag);
    }

    [Fact]
    public async Task Wrong_pins_count_down_then_escalate_and_the_next_cancel_looks_like_a_cancel()
    {
        var she = await WithPinsAsync();
        var (reference, guessed) = await TwoAlertsAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        var raised = await host.WatchAsync<AlertDuressRaised>();

        foreach (var triesLeft in new[] { 2, 1, 0 })
        {
            using var wrong = await CancelAsync(she, guessed, WrongPin);
            var problem = await HttpAssertions.AssertProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, CancelAlertSlice.WrongPinProblem);
            Assert.Equal(triesLeft, problem["triesLeft"]!.GetValue<int>());
        }
        using var realCancel = await CancelAsync(she, reference, CancelPin);
        using var afterEscalation = await CancelAsync(she, guessed, WrongPin);

        Assert.Equal(realCancel.StatusCode, afterEscalation.StatusCode);
        Assert.Equal(ComparableHeaders(realCancel), ComparableHeaders(afterEscalation));
        Assert.Equal(Masked(await realCancel.Content.ReadAsStringAsync()), Masked(await afterEscalation.Content.ReadAsStringAsync()));
        Assert.Equal("cancelled", (await ReadAsync(she.She, guessed))["status"]!.GetValue<string>());
        var operatorView = await ReadAsync(herOperator, guessed);
        Assert.Equal(("triggered", true), (operatorView["status"]!.GetValue<string>(), operatorView["duress"]!.GetValue<bool>()));
        var (_, escalation, _) = await raised.FirstAsync(m => m.AlertId == guessed);
        Assert.Equal(DuressReason.WrongPinsExceeded, escalation.Reason);
    }

    [Fact]
    public async Task Cancelling_again_answers_like_the_first_cancel_and_records_nothing()
    {
        var she = await WithPinsAsync();
        var alertId = await TriggerAsync(she);
        using var first = await CancelAsync(she, alertId, CancelPin);
        var etag = await ETagAsync(she.HerOperator, alertId);

        using var again = await CancelAsync(she, alertId, CancelPin);

        Assert.Equal(first.StatusCode, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(etag, await ETagAsync(she.HerOperator, alertId));
    }

    [Fact]
    public async Task Cancelling_a_resolved_alert_answers_like_a_cancel_and_records_nothing()
    {
        var she = await WithPinsAsync();
        var alertId = await TriggerAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        await ResolveAsync(herOperator, alertId, new { outcome = "safe" });
        var etag = await ETagAsync(she.HerOperator, alertId);

        using var response = await CancelAsync(she, alertId, CancelPin);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancelled", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal(etag, await ETagAsync(she.HerOperator, alertId));
    }

    [Fact]
    public async Task After_a_duress_her_positions_are_kept_for_her_operators_while_her_phone_is_answered_as_for_a_cancel()
    {
        var she = await WithPinsAsync();
        var (cancelled, duress) = await TwoAlertsAsync(she);
        using var herOperator = host.ClientWithToken(host.Tokens.Operator(she.AssociationId));
        using var _ = await CancelAsync(she, cancelled, CancelPin);
        using var __ = await CancelAsync(she, duress, DuressPin);

        using var toCancelled = await she.She.SendAsync(Locations(cancelled, Fix(DateTimeOffset.UtcNow, latitude: 45.9)));
        using var toDuress = await she.She.SendAsync(Locations(duress, Fix(DateTimeOffset.UtcNow, latitude: 45.9)));

        await HttpAssertions.AssertProblemAsync(toCancelled, HttpStatusCode.Conflict, Alerts.SharingLocation.RecordLocationsSlice.AlertClosedProblem);
        await HttpAssertions.AssertProblemAsync(toDuress, HttpStatusCode.Conflict, Alerts.SharingLocation.RecordLocationsSlice.AlertClosedProblem);
        var operatorView = await ReadAsync(herOperator, duress);
        Assert.Equal(45.9, operatorView["lastKnownLocation"]!["latitude"]!.GetValue<double>());
    }

    private async Task<(Guid, Guid)> TwoAlertsAsync(PairedBeneficiary she) => await host.SeparateAlertsAsync(she) switch
    {
        [var first, var second] => (first, second),
        _ => throw new InvalidOperationException("Two alerts were asked for."),
    };

    private async Task<PairedBeneficiary> WithPinsAsync()
    {
        var she = await host.PairedBeneficiaryAsync();
        using var response = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = CancelPin, duressPin = DuressPin });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // Her alerts are compared two by two, the second raised once the clock moved past the window in which she pressing
        // again joins the first: no escalation step may fall in between and tell them apart.
        using var admin = host.ClientWithToken(host.Tokens.AssociationAdmin(she.AssociationId));
        using var slow = await admin.PutAsJsonAsync("/api/alerts/escalation-policy",
            new { voiceCallsAfterSeconds = 3600, onCallAfterSeconds = 3600, repeatEverySeconds = 3600 });
        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        return she;
    }

    private static Task<HttpResponseMessage> CancelAsync(PairedBeneficiary she, Guid alertId, string pin) =>
        she.She.PostAsJsonAsync($"/api/alerts/{alertId}/cancel", new { pin });

    private static async Task<double> TimedCancelAsync(PairedBeneficiary she, Guid alertId, string pin)
    {
        var clock = Stopwatch.StartNew();
        using var response = await CancelAsync(she, alertId, pin);
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ReadAsync(HttpClient client, Guid alertId)
    {
        using var response = await client.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> ReadListAsync(HttpClient herOperator)
    {
        using var response = await herOperator.GetAsync(new Uri("/api/alerts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>Every header but those that differ on any two requests (date, correlation, trace).</summary>
    private static List<string> ComparableHeaders(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key is not ("Date" or "X-Correlation-Id")
                && !header.Key.Contains("trace", StringComparison.OrdinalIgnoreCase)
                && header.Key != "Content-Length")
            .Select(header => $"{header.Key}: {string.Join(",", header.Value)}")
            .Order(StringComparer.Ordinal)];

    private static string Masked(string json) => Dates().Replace(Ids().Replace(json, "<id>"), "<date>");

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Ids();

    // An offset may come JSON-escaped ("\u002B00:00") once a body is read and written again.
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|([+-]|\\u002B)\d{2}:\d{2})?")]
    private static partial Regex Dates();
}
