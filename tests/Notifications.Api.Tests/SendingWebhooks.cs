using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Evidence.Contracts;
using Platform.Notifications.Api.Webhooks;
using Platform.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Platform.Notifications.Api.Tests;

/// <summary>
/// Association webhooks end to end inside the service: real receivers on loopback ports, every delivery checked by the
/// Standard Webhooks reference library, retries on the service's clock moved by the test.
/// </summary>
public sealed class SendingWebhooks(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    private static readonly string[] EveryAlertEvent =
    [
        WebhookEventTypes.AlertTriggered, WebhookEventTypes.AlertDuress, WebhookEventTypes.AlertResolved, WebhookEventTypes.AlertCancelled,
    ];

    private sealed record Registered(Guid Id, string Secret, HttpClient Admin);

    private async Task<Registered> RegisterAsync(Guid association, Uri url, params string[] eventTypes)
    {
        var admin = host.ClientWithToken(host.Tokens.AssociationAdmin(association));
        using var response = await admin.PostAsJsonAsync("/api/webhooks/endpoints",
            new { url = url.ToString(), eventTypes = eventTypes.Length > 0 ? eventTypes : EveryAlertEvent, description = "case management" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return new Registered(created["endpoint"]!["id"]!.GetValue<Guid>(), created["secret"]!.GetValue<string>(), admin);
    }

    private static AlertResolved Resolved(Guid association) =>
        new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), Guid.CreateVersion7(), AlertOutcome.Safe);

    private static async Task<JsonArray> LogAsync(Registered endpoint) =>
        (await endpoint.Admin.GetFromJsonAsync<JsonArray>($"/api/webhooks/endpoints/{endpoint.Id}/messages"))!;

    [Fact]
    public async Task Every_delivery_verifies_with_the_reference_library_and_a_tampered_or_old_one_does_not()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var verifier = StandardWebhooksVerifier.Start();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        var beneficiary = Guid.CreateVersion7();
        await host.KnownContactsAsync(new ContactsChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, beneficiary, 1,
            "Camille", "fr", "Je suis en danger.", []));
        var triggered = new AlertTriggered(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, Guid.CreateVersion7(), beneficiary,
            Guid.CreateVersion7(), PressPattern.DoubleClick, new AlertLocation(45.7772, 3.087, 12, DateTimeOffset.UtcNow));

        await host.PublishAsync(triggered, triggered.EventId);
        await host.PublishAsync(Resolved(association));

        var received = await Eventually.ValueAsync(() => Task.FromResult((receiver.Accepted.Count >= 2, receiver.Accepted)), "two webhooks");
        foreach (var delivery in received)
        {
            Assert.True((await verifier.VerifyAsync(endpoint.Secret, delivery.Headers, delivery.Body)).Ok, delivery.Body);
        }
        var alert = JsonNode.Parse(received.Single(r => r.Body.Contains("alert.triggered", StringComparison.Ordinal)).Body)!;
        Assert.Equal(triggered.AlertId, alert["data"]!["alertId"]!.GetValue<Guid>());
        Assert.Equal(45.7772, alert["data"]!["location"]!["latitude"]!.GetValue<double>());
        Assert.Equal(1, alert["version"]!.GetValue<int>());

        var genuine = received[0];
        var tampered = await verifier.VerifyAsync(endpoint.Secret, genuine.Headers, genuine.Body.Replace("}", " }", StringComparison.Ordinal));
        Assert.False(tampered.Ok);
        // Signed correctly, but six minutes old: a replay.
        var old = DateTimeOffset.UtcNow.AddMinutes(-6);
        var oldHeaders = WebhookSignature.Headers(genuine.WebhookId, old, genuine.Body, [WebhookSecret.Parse(endpoint.Secret)]).ByName;
        Assert.False((await verifier.VerifyAsync(endpoint.Secret, oldHeaders, genuine.Body)).Ok);
        var fresh = WebhookSignature.Headers(genuine.WebhookId, DateTimeOffset.UtcNow, genuine.Body, [WebhookSecret.Parse(endpoint.Secret)]).ByName;
        Assert.True((await verifier.VerifyAsync(endpoint.Secret, fresh, genuine.Body)).Ok, "the same message signed now verifies");
    }

    [Fact]
    public async Task A_receiver_down_for_three_attempts_then_up_receives_each_message_once_and_the_log_shows_every_attempt()
    {
        // Time moves only when the test says: a retry never fires early because the test itself took a few seconds.
        using var stopped = host.Clock.Stop();
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(500), new WebhookReceiver.ScriptedAnswer(502), new WebhookReceiver.ScriptedAnswer(500));

        await host.PublishAsync(Resolved(association));
        // Attempt 1 at once, then 5 s, 5 min and 30 min later on the specification's schedule (+-10 %).
        foreach (var (failures, wait) in new[] { (1, TimeSpan.FromSeconds(5)), (2, TimeSpan.FromMinutes(5)), (3, TimeSpan.FromMinutes(30)) })
        {
            var pending = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault() is { } message
                && message["attempts"]!.AsArray().Count == failures ? (true, message) : (false, null!), $"attempt {failures} in the log");
            var next = pending["nextAttemptAt"]!.GetValue<DateTimeOffset>();
            var attemptedAt = pending["attempts"]!.AsArray()[^1]!["at"]!.GetValue<DateTimeOffset>();
            Assert.InRange(next - attemptedAt, wait * 0.89, wait * 1.11);
            host.Clock.Advance(next - host.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(100));
        }

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), "the fourth attempt to be accepted");
        // The receiver has answered; the platform records the answer a moment later.
        var log = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).Single() is { } message
            && message["status"]!.GetValue<string>() == "delivered" ? (true, message) : (false, null!), "the delivery in the log");
        Assert.Equal([500, 502, 500, 204], log["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Single(receiver.Received.Select(r => r.WebhookId).Distinct());
        Assert.Single(receiver.Received.Select(r => r.Body).Distinct());
        host.Clock.Advance(TimeSpan.FromHours(11));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(receiver.Accepted);
    }

    [Fact]
    public async Task A_410_disables_the_endpoint_and_nothing_more_is_sent_to_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(410));

        await host.PublishAsync(Resolved(association));
        await Eventually.TrueAsync(async () =>
            (await endpoint.Admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/endpoints/{endpoint.Id}"))!["enabled"]!.GetValue<bool>() is false,
            "the endpoint to be disabled");
        var view = (await endpoint.Admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/endpoints/{endpoint.Id}"))!;
        Assert.Equal(WebhookEndpoint.Gone, view["disabledReason"]!.GetValue<string>());
        await Eventually.TrueAsync(async () => (await LogAsync(endpoint)).Single()!["status"]!.GetValue<string>() == "failed",
            "the message to be failed in the log");

        await host.PublishAsync(Resolved(association));
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Retry_after_from_a_429_is_honoured_over_the_schedule()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(429, RetryAfter: TimeSpan.FromMinutes(10)));

        await host.PublishAsync(Resolved(association));
        await Eventually.TrueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault()?["attempts"]!.AsArray().Count == 1, "attempt 1");
        var pending = (await LogAsync(endpoint)).Single()!;
        var wait = pending["nextAttemptAt"]!.GetValue<DateTimeOffset>() - pending["attempts"]!.AsArray()[0]!["at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(wait, TimeSpan.FromSeconds(599), TimeSpan.FromSeconds(601));

        // The schedule alone would have tried again after 5 s: it waits for the receiver's 10 minutes instead.
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(receiver.Received);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), "the attempt after Retry-After");
    }

    [Theory]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://127.0.0.2/hooks")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://localhost/hooks")]
    [InlineData("http://hooks.example.org/plain-http")]
    [InlineData("https://user:password@hooks.example.org/")]
    public async Task An_internal_or_unsafe_address_is_refused_at_registration(string url)
    {
        var admin = host.ClientWithToken(host.Tokens.AssociationAdmin(Guid.CreateVersion7()));
        using var response = await admin.PostAsJsonAsync("/api/webhooks/endpoints", new { url, eventTypes = EveryAlertEvent });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["url"]);
        Assert.DoesNotContain(url, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.7")]
    [InlineData("169.254.169.254")]
    public async Task A_host_name_that_resolves_to_an_internal_address_at_send_time_is_never_connected_to(string address)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        // Registered while it looked public; by the time of sending, its DNS answers an internal address (rebinding).
        var name = $"hooks-{Guid.NewGuid():N}.example.org";
        var endpoint = await RegisterAsync(association, new Uri($"https://{name}:{receiver.Address.Port}/hooks"));
        host.TestDns[name] = [IPAddress.Parse(address)];

        await host.PublishAsync(Resolved(association));

        var attempt = await Eventually.ValueAsync(async () =>
            (await LogAsync(endpoint)).SingleOrDefault()?["attempts"]!.AsArray() is [{ } first, ..] ? (true, first) : (false, null!),
            "the refused attempt");
        Assert.StartsWith("refused:", attempt["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(attempt["statusCode"]);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Another_association_receives_nothing_of_these_alerts_and_the_duress_reaches_only_her_association()
    {
        await using var hers = await WebhookReceiver.StartAsync();
        await using var others = await WebhookReceiver.StartAsync();
        var (association, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await RegisterAsync(association, hers.Address);
        var otherEndpoint = await RegisterAsync(other, others.Address);
        var alertId = Guid.CreateVersion7();

        await host.PublishAsync(new AlertDuressRaised(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, alertId, DuressReason.DuressPin));
        await host.PublishAsync(Resolved(association) with { AlertId = alertId });
        await host.PublishAsync(Resolved(other));

        await Eventually.TrueAsync(() => Task.FromResult(hers.Accepted.Count == 2 && others.Accepted.Count == 1), "each association's webhooks");
        Assert.Contains(hers.Accepted, r => r.Body.Contains("\"alert.duress\"", StringComparison.Ordinal));
        Assert.DoesNotContain(others.Received, r => r.Body.Contains(alertId.ToString(), StringComparison.Ordinal));
        // Nor can its admin read her association's endpoints or log.
        using var foreign = await otherEndpoint.Admin.GetAsync($"/api/webhooks/endpoints");
        Assert.Single((await foreign.Content.ReadFromJsonAsync<JsonArray>())!);
    }

    [Fact]
    public async Task Only_her_association_admin_manages_its_endpoints_and_the_secret_is_shown_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);

        var operatorOnly = host.ClientWithToken(host.Tokens.Operator(association));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorOnly.GetAsync("/api/webhooks/endpoints")).StatusCode);
        var otherAdmin = host.ClientWithToken(host.Tokens.AssociationAdmin(Guid.CreateVersion7()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"/api/webhooks/endpoints/{endpoint.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/disable", null)).StatusCode);

        var listed = await endpoint.Admin.GetStringAsync("/api/webhooks/endpoints");
        Assert.DoesNotContain(endpoint.Secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_rotation_both_secrets_sign_until_the_overlap_ends()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var verifier = StandardWebhooksVerifier.Start();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        using var rotation = await endpoint.Admin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/secret/rotate", null);
        var newSecret = (await rotation.Content.ReadFromJsonAsync<JsonObject>())!["secret"]!.GetValue<string>();
        Assert.NotEqual(endpoint.Secret, newSecret);

        await host.PublishAsync(Resolved(association));
        var delivery = await Eventually.ValueAsync(() => Task.FromResult(receiver.Accepted is [var accepted] ? (true, accepted) : (false, null!)),
            "the webhook");
        Assert.Equal(2, delivery.Headers["webhook-signature"].Split(' ').Length);
        Assert.True((await verifier.VerifyAsync(endpoint.Secret, delivery.Headers, delivery.Body)).Ok, "the old secret still verifies");
        Assert.True((await verifier.VerifyAsync(newSecret, delivery.Headers, delivery.Body)).Ok, "the new secret verifies");
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_hold_back_another_associations_webhooks()
    {
        await using var dead = await WebhookReceiver.StartAsync();
        await using var alive = await WebhookReceiver.StartAsync();
        var (slow, fast) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await RegisterAsync(slow, dead.Address);
        await RegisterAsync(fast, alive.Address);
        dead.Answer([.. Enumerable.Repeat(new WebhookReceiver.ScriptedAnswer(200, Delay: TimeSpan.FromSeconds(20)), 10)]);

        for (var i = 0; i < 10; i++)
        {
            await host.PublishAsync(Resolved(slow));
        }
        await host.PublishAsync(Resolved(fast));

        // Order, not speed: the live receiver has its webhook while every attempt to the dead one still hangs.
        await Eventually.TrueAsync(() => Task.FromResult(alive.Accepted.Count == 1), "the other association's webhook");
        Assert.Empty(dead.Received);
    }

    [Fact]
    public async Task A_failed_message_is_replayed_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(410));
        await host.PublishAsync(Resolved(association));
        await Eventually.TrueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault()?["status"]?.GetValue<string>() == "failed",
            "the message to fail");

        Assert.Equal(HttpStatusCode.OK, (await endpoint.Admin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/enable", null)).StatusCode);
        using var replay = await endpoint.Admin.PostAsJsonAsync($"/api/webhooks/endpoints/{endpoint.Id}/replay",
            new { since = DateTimeOffset.UtcNow.AddHours(-1) });
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonObject>())!["messages"]!.GetValue<int>());

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), "the replayed message");
        Assert.Equal(receiver.Received[0].WebhookId, receiver.Accepted[0].WebhookId);
    }

    [Fact]
    public async Task An_endpoint_failing_for_too_long_is_disabled_and_whoever_is_on_call_is_told_by_sms()
    {
        // Time moves only when the test says: a retry never fires early because the test itself took a few seconds.
        using var stopped = host.Clock.Stop();
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var onCallPhone = NotificationsHost.RandomPhone();
        // On call all week: other tests in this class move the service's clock by hours.
        await host.KnownRosterAsync(new RosterChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, 1,
        [
            new RosterMember(Guid.CreateVersion7(), "Nadia", onCallPhone,
                [.. Enum.GetValues<DayOfWeek>().Select(day => new WeeklyShift(day, TimeOnly.MinValue, TimeOnly.MaxValue, "Europe/Paris"))]),
        ]));
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer([.. Enumerable.Repeat(new WebhookReceiver.ScriptedAnswer(503), 10)]);

        await host.PublishAsync(Resolved(association));
        // The test host disables after an hour of failures: attempts at 0, 5 s, 5 min, 35 min, then 2 h 35 min.
        for (var attempts = 1; attempts <= 4; attempts++)
        {
            var pending = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault() is { } message
                && message["attempts"]!.AsArray().Count == attempts ? (true, message) : (false, null!), $"attempt {attempts}");
            host.Clock.Advance(pending["nextAttemptAt"]!.GetValue<DateTimeOffset>() - host.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(100));
        }

        await Eventually.TrueAsync(async () =>
            (await endpoint.Admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/endpoints/{endpoint.Id}"))!["disabledReason"]?.GetValue<string>()
                == WebhookEndpoint.FailingTooLong, "the endpoint to be disabled");
        var sms = Assert.Single(await host.WaitForSmsAsync(onCallPhone));
        Assert.Contains("webhook \"case management\" est desactive", sms["body"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Location_updates_go_out_at_most_once_per_interval_per_alert()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        await RegisterAsync(association, receiver.Address, WebhookEventTypes.AlertLocationUpdated);
        var alertId = Guid.CreateVersion7();
        AlertLocationUpdated Moved(double latitude) =>
            new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, alertId, new AlertLocation(latitude, 3.08, 10, DateTimeOffset.UtcNow));

        await host.PublishAsync(Moved(45.1));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), "the first position");
        await host.PublishAsync(Moved(45.2));
        await host.PublishAsync(Moved(45.3));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(receiver.Accepted);

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await host.PublishAsync(Moved(45.4));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 2), "the next position after the interval");
        Assert.Contains("45.4", receiver.Accepted[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_signing_secret_is_stored_encrypted_and_a_deleted_endpoint_receives_nothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);

        var store = host.Services.GetRequiredService<Marten.IDocumentStore>();
        await using (var session = store.QuerySession())
        {
            var stored = await session.Json.FindByIdAsync<WebhookEndpoint>(endpoint.Id);
            Assert.NotNull(stored);
            Assert.DoesNotContain(endpoint.Secret[WebhookSecret.Prefix.Length..], stored, StringComparison.Ordinal);
            Assert.DoesNotContain("whsec_", stored, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await endpoint.Admin.DeleteAsync($"/api/webhooks/endpoints/{endpoint.Id}")).StatusCode);
        await host.PublishAsync(Resolved(association));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(receiver.Received);
        Assert.Equal(HttpStatusCode.NotFound, (await endpoint.Admin.GetAsync($"/api/webhooks/endpoints/{endpoint.Id}")).StatusCode);
    }

    [Fact]
    public async Task While_an_endpoint_fails_its_new_messages_wait_and_all_go_once_it_answers_again()
    {
        // Time moves only when the test says: a retry never fires early because the test itself took a few seconds.
        using var stopped = host.Clock.Stop();
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(500));
        await host.PublishAsync(Resolved(association));
        var first = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault() is { } message
            && message["attempts"]!.AsArray().Count == 1 ? (true, message) : (false, null!), "the first, failed attempt");
        await Eventually.TrueAsync(async () =>
            (await endpoint.Admin.GetFromJsonAsync<JsonObject>($"/api/webhooks/endpoints/{endpoint.Id}"))!["failingSince"] is not null,
            "the endpoint to be known as failing");

        for (var i = 0; i < 3; i++)
        {
            await host.PublishAsync(Resolved(association));
        }
        var waiting = await Eventually.ValueAsync(async () =>
        {
            var log = await LogAsync(endpoint);
            return (log.Count == 4, log.Where(m => m!["attempts"]!.AsArray().Count == 0).ToList());
        }, "the new messages in the log");
        Assert.Equal(3, waiting.Count);
        Assert.All(waiting, m => Assert.Null(m!["nextAttemptAt"]));
        Assert.Single(receiver.Received);

        // The failed message's retry (5 s later) is answered: everything that waited goes.
        host.Clock.Advance(first["nextAttemptAt"]!.GetValue<DateTimeOffset>() - host.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(() =>
        {
            // What waited goes a little apart (ten a second): let that time pass.
            host.Clock.Advance(TimeSpan.FromMilliseconds(200));
            return Task.FromResult(receiver.Accepted.Count == 4);
        }, "every message");
        Assert.Equal(4, receiver.Accepted.Select(r => r.WebhookId).Distinct().Count());
        Assert.Equal(5, receiver.Received.Count);
    }

    [Fact]
    public async Task A_slow_endpoint_gets_its_backlog_two_at_a_time_each_message_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        await RegisterAsync(association, receiver.Address);
        receiver.Answer([.. Enumerable.Repeat(new WebhookReceiver.ScriptedAnswer(200, Delay: TimeSpan.FromMilliseconds(700)), 8)]);

        for (var i = 0; i < 8; i++)
        {
            await host.PublishAsync(Resolved(association));
        }

        // Two senders at a time; the others wait and are released as attempts finish, none tried while it waits.
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 8), "the whole backlog");
        Assert.Equal(8, receiver.Received.Count);
        Assert.Equal(8, receiver.Received.Select(r => r.WebhookId).Distinct().Count());
    }

    [Fact]
    public async Task Device_and_consent_events_reach_the_endpoints_that_asked_for_them_and_no_other()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var alertsOnly = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        await RegisterAsync(association, receiver.Address,
            WebhookEventTypes.DeviceBatteryLow, WebhookEventTypes.DeviceSilent, WebhookEventTypes.DeviceLinkLost,
            WebhookEventTypes.ContactConsentChanged);
        await RegisterAsync(association, alertsOnly.Address, WebhookEventTypes.AlertTriggered);
        var (device, beneficiary) = (Guid.CreateVersion7(), Guid.CreateVersion7());

        await host.PublishAsync(new Platform.Devices.Contracts.DeviceBatteryLow(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, device,
            beneficiary, 9, null));
        await host.PublishAsync(new Platform.Devices.Contracts.DeviceWentSilent(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association,
            device, beneficiary, DateTimeOffset.UtcNow.AddHours(-13)));
        await host.PublishAsync(new Platform.Devices.Contracts.DeviceLinkLost(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association,
            device, beneficiary, DateTimeOffset.UtcNow.AddMinutes(-10)));
        await host.PublishAsync(new ContactConsentChanged(Guid.CreateVersion7(), DateTimeOffset.UtcNow, association, beneficiary,
            Guid.CreateVersion7(), ContactConsent.Declined));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 4), "the four events");
        var types = receiver.Accepted.Select(r => JsonNode.Parse(r.Body)!["type"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["contact.consent_changed", "device.battery_low", "device.link_lost", "device.silent"], types);
        Assert.Contains("\"buttonBatteryPercent\":9", receiver.Accepted.Single(r => r.Body.Contains("battery_low", StringComparison.Ordinal)).Body,
            StringComparison.Ordinal);
        Assert.Empty(alertsOnly.Received);
    }

    [Fact]
    public async Task One_failed_message_is_replayed_by_its_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        var endpoint = await RegisterAsync(association, receiver.Address);
        receiver.Answer(new WebhookReceiver.ScriptedAnswer(410));
        await host.PublishAsync(Resolved(association));
        var failed = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault() is { } message
            && message["status"]!.GetValue<string>() == "failed" ? (true, message) : (false, null!), "the message to fail");
        await endpoint.Admin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/enable", null);

        var webhookId = failed["webhookId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound,
            (await endpoint.Admin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/messages/msg_{Guid.NewGuid():N}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await endpoint.Admin.PostAsync($"/api/webhooks/endpoints/{endpoint.Id}/messages/{webhookId}/replay", null)).StatusCode);

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), "the replayed message");
        Assert.Equal(webhookId, receiver.Accepted[0].WebhookId);
    }

    [Fact]
    public async Task A_provider_outage_on_one_of_her_alerts_reaches_the_association_systems()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var association = Guid.CreateVersion7();
        await RegisterAsync(association, receiver.Address, WebhookEventTypes.AlertProviderUnreachable);
        var alertId = Guid.CreateVersion7();

        await host.PublishAsync(new Platform.Notifications.Contracts.NotificationProviderUnreachable(Guid.CreateVersion7(), DateTimeOffset.UtcNow,
            association, alertId, Guid.CreateVersion7(), Platform.Notifications.Contracts.NotificationChannel.Sms, 1,
            DateTimeOffset.UtcNow.AddMinutes(-1), 7));

        var delivery = await Eventually.ValueAsync(() => Task.FromResult(receiver.Accepted is [var only] ? (true, only) : (false, null!)),
            "the outage webhook");
        var body = JsonNode.Parse(delivery.Body)!;
        Assert.Equal("alert.provider_unreachable", body["type"]!.GetValue<string>());
        Assert.Equal(alertId, body["data"]!["alertId"]!.GetValue<Guid>());
        Assert.Equal(7, body["data"]!["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_sealed_recording_reaches_her_associations_endpoint_signed_and_no_other_association_hears_of_it()
    {
        await using var hers = await WebhookReceiver.StartAsync();
        await using var others = await WebhookReceiver.StartAsync();
        await using var verifier = StandardWebhooksVerifier.Start();
        var (association, other) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var endpoint = await RegisterAsync(association, hers.Address, WebhookEventTypes.EvidenceSealed);
        await RegisterAsync(other, others.Address, WebhookEventTypes.EvidenceSealed);
        EvidenceSealed SealedFor(Guid associationId) => new(Guid.CreateVersion7(), DateTimeOffset.UtcNow, associationId, Guid.CreateVersion7(),
            Guid.CreateVersion7(), DateTimeOffset.UtcNow.AddMinutes(-4), DateTimeOffset.UtcNow, 24, 786_432,
            Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray())), "kR3y7vQ2mX9pL4tW8sN1bA", Complete: false);
        var evidence = SealedFor(association);

        await host.PublishAsync(evidence, evidence.EventId);
        // The other association's own recording: once it has arrived there, hers would have too had it been misrouted.
        await host.PublishAsync(SealedFor(other));

        await Eventually.TrueAsync(() => Task.FromResult(hers.Accepted.Count == 1 && others.Accepted.Count == 1), "each association's webhook");
        var delivery = hers.Accepted[0];
        Assert.True((await verifier.VerifyAsync(endpoint.Secret, delivery.Headers, delivery.Body)).Ok, delivery.Body);
        var body = JsonNode.Parse(delivery.Body)!;
        Assert.Equal("evidence.sealed", body["type"]!.GetValue<string>());
        var data = body["data"]!;
        Assert.Equal(evidence.AlertId, data["alertId"]!.GetValue<Guid>());
        Assert.Equal(evidence.RecordingId, data["recordingId"]!.GetValue<Guid>());
        Assert.Equal(evidence.ManifestSha256, data["manifestSha256"]!.GetValue<string>());
        Assert.Equal(evidence.SigningKeyId, data["signingKeyId"]!.GetValue<string>());
        Assert.Equal(24, data["chunks"]!.GetValue<int>());
        Assert.False(data["complete"]!.GetValue<bool>());
        Assert.DoesNotContain(others.Received, r => r.Body.Contains(evidence.ManifestSha256, StringComparison.Ordinal));
        // The receiver has answered; the platform records the answer a moment later.
        var logged = await Eventually.ValueAsync(async () => (await LogAsync(endpoint)).SingleOrDefault() is { } message
            && message["status"]!.GetValue<string>() == "delivered" ? (true, message) : (false, null!), "the delivery in the log");
        Assert.Equal(WebhookEventTypes.EvidenceSealed, logged["eventType"]!.GetValue<string>());
        Assert.Equal(delivery.WebhookId, logged["webhookId"]!.GetValue<string>());
    }
}
