using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.Scheduling;
using Platform.Testing;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Platform.Alerts.Api.Tests.AlertRequests;

namespace Platform.Alerts.Api.Tests;

/// <summary>The escalation through the running service: real PostgreSQL wake-ups, real RabbitMQ, time moved by the test.</summary>
public sealed class EscalatingAnAlert(AlertsHost host) : IClassFixture<AlertsHost>
{
    private static readonly EscalationReach Tier1Voice = new(EscalationAudience.FirstTier, EscalationChannel.Voice);
    private static readonly EscalationReach Tier2Sms = new(EscalationAudience.SecondTier, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallSms = new(EscalationAudience.OnCall, EscalationChannel.Sms);
    private static readonly EscalationReach OnCallVoice = new(EscalationAudience.OnCall, EscalationChannel.Voice);

    [Fact]
    public async Task Calls_then_the_on_call_operator_then_repeats_a_contact_coming_leaves_the_paging_on_and_her_association_taking_it_stops_it()
    {
        var she = await host.PairedBeneficiaryAsync();
        var escalations = await host.WatchAsync<AlertEscalated>();
        var acknowledgements = await host.WatchAsync<AlertAcknowledged>();
        var alertId = await TriggerAsync(she);
        await EscalatingAnAlert.WakeUpMovedPastAsync(host, alertId);

        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var calls = (await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 2)).Message;
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var onCall = (await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 3)).Message;
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        var repeat = (await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 4)).Message;

        Assert.Equal([Tier1Voice, Tier2Sms], calls.Reach);
        Assert.Equal([new(EscalationAudience.ThirdTier, EscalationChannel.Sms), OnCallSms, OnCallVoice], onCall.Reach);
        Assert.Equal([Tier1Voice, OnCallSms, OnCallVoice], repeat.Reach);
        Assert.All([calls, onCall, repeat], step => Assert.False(step.Priority));
        Assert.Equal((she.AssociationId, she.BeneficiaryId), (repeat.AssociationId, repeat.BeneficiaryId));

        // A contact coming stops what reaches that contact only: the next repeat still pages her association.
        var contactId = Guid.NewGuid();
        await host.PublishAsync(new NotificationAcknowledged(Guid.NewGuid(), DateTimeOffset.UtcNow, she.AssociationId, alertId,
            contactId, ResponderKind.Contact, "Amina", NotificationChannel.Voice));
        var acknowledged = (await acknowledgements.FirstAsync(a => a.AlertId == alertId)).Message;
        Assert.Equal((contactId, ResponderKind.Contact), (acknowledged.ResponderId, acknowledged.ResponderKind));
        await Eventually.TrueAsync(async () => (await TimelineAsync(she.HerOperator, alertId)).Contains("acknowledged"), "the contact's word");
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        var afterContact = (await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 5)).Message;
        Assert.Equal([contactId], afterContact.Coming);

        // Her association takes it in hand: the walk stops.
        using (var taken = await she.HerOperator.PostAsync(new Uri($"/api/alerts/{alertId}/acknowledgement", UriKind.Relative), null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, taken.StatusCode);
        }
        await Eventually.TrueAsync(async () => (await TimelineAsync(she.HerOperator, alertId)).Count(entry => entry == "acknowledged") == 2,
            "her association's word");
        host.Clock.Advance(TimeSpan.FromSeconds(400));
        await WakeUpGoneAsync(host, alertId);
        Assert.DoesNotContain(escalations.All, e => e.Message.AlertId == alertId && e.Message.Step > 5);
        var timeline = await TimelineAsync(she.HerOperator, alertId);
        Assert.Equal(4, timeline.Count(entry => entry == "escalated"));
    }

    [Fact]
    public async Task A_duress_pin_reaches_the_on_call_operator_at_once_with_priority_and_the_calls_go_on()
    {
        var she = await host.PairedBeneficiaryAsync();
        using (var pins = await she.She.PutAsJsonAsync("/api/alerts/settings", new { cancelPin = "2580", duressPin = "1470" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, pins.StatusCode);
        }
        var escalations = await host.WatchAsync<AlertEscalated>();
        var alertId = await TriggerAsync(she);
        await WakeUpMovedPastAsync(host, alertId);

        using var cancel = await she.She.PostAsJsonAsync($"/api/alerts/{alertId}/cancel", new { pin = "1470" });
        var priority = (await escalations.FirstAsync(e => e.AlertId == alertId && e.Priority)).Message;
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        var calls = (await escalations.FirstAsync(e => e.AlertId == alertId && !e.Priority)).Message;

        Assert.Equal(System.Net.HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal([OnCallSms, OnCallVoice], priority.Reach);
        Assert.Equal(2, priority.Step);
        Assert.Equal(3, calls.Step);
        Assert.Equal([Tier1Voice, Tier2Sms], calls.Reach);
        var listed = (await she.HerOperator.GetFromJsonAsync<JsonObject>("/api/alerts?status=active"))!["items"]!.AsArray()
            .Single(item => item!["id"]!.GetValue<Guid>() == alertId)!;
        Assert.True(listed["duress"]!.GetValue<bool>());
        // Her own view of the timeline shows the cancel she was shown, and nothing of what followed.
        Assert.DoesNotContain("escalated", await TimelineAsync(she.She, alertId));
    }

    [Fact]
    public async Task Her_app_sees_the_name_of_who_is_coming_and_nothing_else()
    {
        var she = await host.PairedBeneficiaryAsync();
        var alertId = await TriggerAsync(she);
        var contactId = Guid.NewGuid();

        await host.PublishAsync(new NotificationAcknowledged(Guid.NewGuid(), DateTimeOffset.UtcNow, she.AssociationId, alertId,
            contactId, ResponderKind.Contact, "Amina", NotificationChannel.Sms));

        var hers = await Eventually.ValueAsync(async () =>
        {
            var view = await she.She.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}/responders");
            return (view!["someoneIsComing"]!.GetValue<bool>(), view);
        }, "the acknowledgement to reach her app");
        var responder = Assert.Single(hers["responders"]!.AsArray())!.AsObject();
        Assert.Equal(["name", "acknowledgedAt"], responder.Select(p => p.Key));
        Assert.Equal("Amina", responder["name"]!.GetValue<string>());

        var operators = await she.HerOperator.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}/responders");
        Assert.Equal(contactId, Assert.Single(operators!["responders"]!.AsArray())!["responderId"]!.GetValue<Guid>());
        var summary = (await she.HerOperator.GetFromJsonAsync<JsonObject>("/api/alerts?status=active"))!["items"]!.AsArray()
            .Single(item => item!["id"]!.GetValue<Guid>() == alertId)!;
        Assert.True(summary["acknowledged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_association_sets_its_own_timings_and_bad_ones_get_a_problem()
    {
        var she = await host.PairedBeneficiaryAsync();

        using var admin = host.ClientWithToken(host.Tokens.AssociationAdmin(she.AssociationId));

        var defaults = await she.HerOperator.GetFromJsonAsync<JsonObject>("/api/alerts/escalation-policy");
        using var bad = await admin.PutAsJsonAsync("/api/alerts/escalation-policy",
            new { voiceCallsAfterSeconds = 30, onCallAfterSeconds = 20, repeatEverySeconds = 29 });
        using var byAnOperator = await she.HerOperator.PutAsJsonAsync("/api/alerts/escalation-policy",
            new { voiceCallsAfterSeconds = 30, onCallAfterSeconds = 45, repeatEverySeconds = 60 });
        using var good = await admin.PutAsJsonAsync("/api/alerts/escalation-policy",
            new { voiceCallsAfterSeconds = 30, onCallAfterSeconds = 45, repeatEverySeconds = 60 });
        using var hers = await she.She.PutAsJsonAsync("/api/alerts/escalation-policy",
            new { voiceCallsAfterSeconds = 30, onCallAfterSeconds = 45, repeatEverySeconds = 60 });

        Assert.Equal((60, 120, 90), (defaults!["voiceCallsAfterSeconds"]!.GetValue<int>(), defaults["onCallAfterSeconds"]!.GetValue<int>(),
            defaults["repeatEverySeconds"]!.GetValue<int>()));
        // Her tier 2 is texted with the calls to tier 1, her tier 3 with the on-call operator, unless the association says otherwise.
        Assert.Equal((60, 120), (defaults["secondTierAfterSeconds"]!.GetValue<int>(), defaults["thirdTierAfterSeconds"]!.GetValue<int>()));
        using (var tiersBackwards = await admin.PutAsJsonAsync("/api/alerts/escalation-policy", new
        {
            voiceCallsAfterSeconds = 30, onCallAfterSeconds = 45, repeatEverySeconds = 60, secondTierAfterSeconds = 50, thirdTierAfterSeconds = 40,
        }))
        {
            var backwards = await HttpAssertions.AssertProblemAsync(tiersBackwards, System.Net.HttpStatusCode.BadRequest, "/problems/validation");
            Assert.NotNull(backwards["errors"]!["thirdTierAfterSeconds"]);
        }
        // The region's deadline and the repeats after it: defaults shown, nonsense refused.
        Assert.Equal((600, 3, false), (defaults["unansweredAfterSeconds"]!.GetValue<int>(), defaults["repeatsOnceUnanswered"]!.GetValue<int>(),
            defaults["twoContactsStopTheWalk"]!.GetValue<bool>()));
        using (var regionTooSoon = await admin.PutAsJsonAsync("/api/alerts/escalation-policy", new
        {
            voiceCallsAfterSeconds = 30, onCallAfterSeconds = 45, repeatEverySeconds = 60, unansweredAfterSeconds = 40, repeatsOnceUnanswered = 11,
        }))
        {
            var tooSoon = await HttpAssertions.AssertProblemAsync(regionTooSoon, System.Net.HttpStatusCode.BadRequest, "/problems/validation");
            Assert.NotNull(tooSoon["errors"]!["unansweredAfterSeconds"]);
            Assert.NotNull(tooSoon["errors"]!["repeatsOnceUnanswered"]);
        }
        var problem = await HttpAssertions.AssertProblemAsync(bad, System.Net.HttpStatusCode.BadRequest, "/problems/validation");
        Assert.NotNull(problem["errors"]!["onCallAfterSeconds"]);
        Assert.NotNull(problem["errors"]!["repeatEverySeconds"]);
        Assert.Equal(System.Net.HttpStatusCode.OK, good.StatusCode);
        // Only her association's admin sets how hard her alert rings: not any operator, never her phone.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, byAnOperator.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, hers.StatusCode);

        var escalations = await host.WatchAsync<AlertEscalated>();
        var alertId = await TriggerAsync(she);
        await EscalatingAnAlert.WakeUpMovedPastAsync(host, alertId);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([Tier1Voice, Tier2Sms], (await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 2)).Message.Reach);
    }

    internal static async Task<IReadOnlyList<string>> TimelineAsync(HttpClient client, Guid alertId) =>
        [.. (await client.GetFromJsonAsync<JsonObject>($"/api/alerts/{alertId}"))!["timeline"]!.AsArray()
            .Select(entry => entry!["kind"]!.GetValue<string>())];

    /// <summary>Waits until the alert's wake-up was handled and set again for later than <paramref name="than"/> (default: its clock's now).</summary>
    internal static Task WakeUpMovedPastAsync(AlertsHost replica, Guid alertId, DateTimeOffset? than = null) =>
        Eventually.TrueAsync(async () => await DueAtAsync(replica, alertId) is { } due && due > (than ?? replica.Clock.GetUtcNow()),
            "the escalation wake-up to be set for later");

    internal static Task WakeUpGoneAsync(AlertsHost replica, Guid alertId) =>
        Eventually.TrueAsync(async () => await DueAtAsync(replica, alertId) is null, "the escalation wake-up to be dropped");

    private static async Task<DateTimeOffset?> DueAtAsync(AlertsHost replica, Guid alertId)
    {
        var table = replica.Services.GetRequiredService<WakeUpTable>();
        await using var command = table.DataSource.CreateCommand($"select due_at from {table.QualifiedName} where subject_id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = alertId });
        return await command.ExecuteScalarAsync() is DateTime due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }
}

/// <summary>
/// Replicas started and stopped around one database. The fixture's own replica keeps real time, so no step is due for it
/// during these tests: only the replicas whose clocks the test moves can fire them.
/// </summary>
public sealed class EscalatingAcrossReplicas(AlertsHost host) : IClassFixture<AlertsHost>
{
    [Fact]
    public async Task A_step_due_while_the_service_was_down_fires_once_when_a_replica_starts()
    {
        PairedBeneficiary she;
        Guid alertId;
        await using (var before = new AlertsReplica(host))
        {
            await before.InitializeAsync();
            she = await before.PairedBeneficiaryAsync();
            alertId = await TriggerAsync(she with { She = before.ClientWithToken(before.Tokens.Beneficiary(she.AssociationId, she.BeneficiaryId)) });
            await EscalatingAnAlert.WakeUpMovedPastAsync(before, alertId);
        }

        await using var after = new AlertsReplica(host);
        after.Clock.Advance(TimeSpan.FromSeconds(61));
        var escalations = await host.WatchAsync<AlertEscalated>();
        await after.InitializeAsync();

        var step = (await escalations.FirstAsync(e => e.AlertId == alertId)).Message;
        Assert.Equal(2, step.Step);
        await EscalatingAnAlert.WakeUpMovedPastAsync(after, alertId, after.Clock.GetUtcNow());
        Assert.Equal(1, (await EscalatingAnAlert.TimelineAsync(host.ClientWithToken(host.Tokens.Operator(she.AssociationId)), alertId)).Count(entry => entry == "escalated"));
        Assert.Single(escalations.All, e => e.Message.AlertId == alertId);
    }

    [Fact]
    public async Task With_two_replicas_running_each_step_fires_once()
    {
        await using var first = new AlertsReplica(host);
        await using var second = new AlertsReplica(host);
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        var she = await first.PairedBeneficiaryAsync();
        var women = await Task.WhenAll(Enumerable.Range(0, 19).Select(_ => first.PairedBeneficiaryAsync(she.AssociationId)));
        var escalations = await host.WatchAsync<AlertEscalated>();
        // Twenty women of one association pressing at once (one woman pressing again would join her own alert).
        var alerts = await Task.WhenAll(women.Prepend(she).Select(TriggerAsync));
        foreach (var alertId in alerts)
        {
            await EscalatingAnAlert.WakeUpMovedPastAsync(first, alertId);
        }

        first.Clock.Advance(TimeSpan.FromSeconds(60));
        second.Clock.Advance(TimeSpan.FromSeconds(60));

        foreach (var alertId in alerts)
        {
            await escalations.FirstAsync(e => e.AlertId == alertId && e.Step == 2);
            await EscalatingAnAlert.WakeUpMovedPastAsync(first, alertId, first.Clock.GetUtcNow());
        }
        foreach (var alertId in alerts)
        {
            Assert.Equal(1, (await EscalatingAnAlert.TimelineAsync(she.HerOperator, alertId)).Count(entry => entry == "escalated"));
        }
        Assert.Equal(alerts.Length, escalations.All.Count(e => alerts.Contains(e.Message.AlertId)));
    }
}
