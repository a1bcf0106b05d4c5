using Platform.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>An association, a provisioned and paired button, and a beneficiary with two contacts: all through the gateway.</summary>
public sealed record Beneficiary(Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, string AlertMessage,
    IReadOnlyList<string> ContactPhones, string Token, string OperatorToken, IReadOnlyList<Guid> ContactIds);

public static class Scenario
{
    public const string AlertMessage = "Je suis en danger, appelez-moi ou venez vite.";

    /// <param name="accepting">How many of the two contacts answer OUI to the consent request (the first ones).</param>
    public static Task<Beneficiary> EnrolledWithTwoContactsAsync(PlatformStack stack, int accepting = 2) =>
        EnrolledWithContactsAsync(stack, [1, 1], accepting);

    /// <summary>A woman with one confirmed contact in each of these tiers (in this order), paired to her button.</summary>
    public static Task<Beneficiary> EnrolledWithTieredContactsAsync(PlatformStack stack, params int[] tiers) =>
        EnrolledWithContactsAsync(stack, tiers, tiers.Length);

    private static async Task<Beneficiary> EnrolledWithContactsAsync(PlatformStack stack, int[] tiers, int accepting)
    {
        using var gateway = stack.Client();
        var association = Guid.CreateVersion7();
        var @operator = stack.Tokens.Operator(association);
        var serial = $"BTN-{Guid.NewGuid():N}"[..16];
        using (var registered = await RequestAsync(gateway, HttpMethod.Put, $"/api/devices/associations/{association}", stack.Tokens.Admin(),
            new { code = $"ASSO-{Guid.NewGuid():N}"[..13], name = "Association de test" }))
        {
            Assert.True(registered.IsSuccessStatusCode, $"registering the association: {(int)registered.StatusCode}");
        }
        var device = await SendAsync(gateway, HttpMethod.Post, "/api/devices", stack.Tokens.Admin(),
            new { serial, model = "Bluetooth button", associationId = association }, HttpStatusCode.Created);
        var beneficiary = await SendAsync(gateway, HttpMethod.Post, "/api/beneficiaries", @operator,
            new { displayName = "Camille", language = "fr", alertMessage = AlertMessage }, HttpStatusCode.Created);
        var beneficiaryId = beneficiary["id"]!.GetValue<Guid>();
        string[] phones = [.. tiers.Select(_ => RandomFrenchMobile())];
        var contactIds = new List<Guid>();
        foreach (var (phone, tier) in phones.Zip(tiers))
        {
            var contact = await SendAsync(gateway, HttpMethod.Post, $"/api/beneficiaries/{beneficiaryId}/contacts", @operator,
                new { name = "Contact", phone, tier }, HttpStatusCode.Created);
            contactIds.Add(contact["id"]!.GetValue<Guid>());
        }
        // Each contact accepts by texting OUI back: the sandbox plays their phone and posts Twilio's signed webhook.
        using (var sandbox = new HttpClient { BaseAddress = stack.Sandbox })
        {
            foreach (var phone in phones.Take(accepting))
            {
                await Eventually.TrueAsync(async () => (await SmsReceivedByAsync(stack, phone)).Count > 0, "the consent request SMS");
                using var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = phone, to = "+33757000000", body = "OUI" });
                reply.EnsureSuccessStatusCode();
            }
        }
        await Eventually.TrueAsync(async () =>
        {
            var profile = await SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{beneficiaryId}", @operator, null, HttpStatusCode.OK);
            return profile["contacts"]!.AsArray().Count(c => c!["consent"]!.GetValue<string>() == "confirmed") == accepting;
        }, "the accepting contacts to be confirmed");
        // Notifications learns of consents through the contacts service's outbox, which polls: wait until its own copy holds
        // them, as any press must find them there.
        await Eventually.TrueAsync(async () => await ConfirmedInNotificationsCopyAsync(stack, beneficiaryId) == accepting,
            "notifications to know the confirmed contacts");
        var deviceId = device["id"]!.GetValue<Guid>();
        // The devices service learns of her enrolment from an event: wait for it rather than guess how long it takes.
        await Eventually.TrueAsync(async () =>
        {
            using var pairing = await RequestAsync(gateway, HttpMethod.Post, $"/api/devices/{deviceId}/pairing", @operator, new { beneficiaryId });
            return pairing.StatusCode == HttpStatusCode.OK;
        }, "the pairing to be accepted");
        return new Beneficiary(association, beneficiaryId, deviceId, AlertMessage, phones,
            stack.Tokens.Beneficiary(association, beneficiaryId), @operator, contactIds);
    }

    /// <summary>How many of her contacts notifications' own copy holds as confirmed (what a press's fan-out reads).</summary>
    public static async Task<long> ConfirmedInNotificationsCopyAsync(PlatformStack stack, Guid beneficiaryId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(stack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "select count(*) from notifications.mt_doc_contactscopy copy, jsonb_array_elements(copy.data->'Contacts') contact " +
            "where copy.id = @id and contact->>'Consent' in ('1', 'Confirmed')", connection);
        command.Parameters.AddWithValue("id", beneficiaryId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Shifts that leave no minute uncovered, every day of the week.</summary>
    public static object[] AroundTheClock() => [.. Enum.GetValues<DayOfWeek>().SelectMany(day => new object[]
    {
        new { day = day.ToString().ToLowerInvariant(), start = "00:00", end = "12:00", timeZone = "UTC" },
        new { day = day.ToString().ToLowerInvariant(), start = "12:00", end = "00:00", timeZone = "UTC" },
    })];

    /// <summary>The calls the sandbox placed to one phone, oldest first.</summary>
    public static async Task<IReadOnlyList<JsonObject>> CallsToAsync(PlatformStack stack, string phone)
    {
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        var calls = await sandbox.GetFromJsonAsync<JsonArray>($"/sandbox/calls?to={Uri.EscapeDataString(phone)}");
        return [.. calls!.Select(c => c!.AsObject())];
    }

    public static async Task<int> CountCallsAsync(PlatformStack stack, IEnumerable<string> phones)
    {
        var total = 0;
        foreach (var phone in phones)
        {
            total += (await CallsToAsync(stack, phone)).Count;
        }
        return total;
    }

    /// <summary>Whoever took the call presses 1: "I am on my way" (or, on the on-call phone, "I'm handling it").</summary>
    public static async Task PressOneAsync(PlatformStack stack, JsonObject call)
    {
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        using var pressed = await sandbox.PostAsJsonAsync($"/sandbox/calls/{call["sid"]!.GetValue<string>()}/status",
            new { status = "completed", digits = "1" });
        pressed.EnsureSuccessStatusCode();
    }

    /// <summary>Someone on call at her association around the clock, once notifications holds the roster; their phone number.</summary>
    public static async Task<string> OnCallAroundTheClockAsync(PlatformStack stack, Beneficiary she)
    {
        using var gateway = stack.Client();
        var phone = $"+3361{Random.Shared.Next(0, 10_000_000):D7}";
        var shifts = AroundTheClock();
        await SendAsync(gateway, HttpMethod.Put, "/api/associations/roster", she.OperatorToken,
            new { members = new[] { new { operatorId = Guid.CreateVersion7(), name = "Léa", phone, shifts } } }, HttpStatusCode.OK);
        // The roster reaches notifications by an event: a warning must find it there.
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(stack.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("select count(*) from notifications.mt_doc_rostercopy where id = @id", connection);
            command.Parameters.AddWithValue("id", she.AssociationId);
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, "notifications to know the roster");
        return phone;
    }

    /// <summary>
    /// One person on the region's 24/7 fallback roster around the clock (replacing whoever was), once notifications holds
    /// the roster: their id and phone. The region's roster is one for the whole stack: only tests of one class set it.
    /// </summary>
    public static async Task<(Guid OperatorId, string Phone)> RegionFallbackAroundTheClockAsync(PlatformStack stack)
    {
        using var gateway = stack.Client();
        var phone = $"+3362{Random.Shared.Next(0, 10_000_000):D7}";
        var operatorId = Guid.CreateVersion7();
        var shifts = AroundTheClock();
        await SendAsync(gateway, HttpMethod.Put, "/api/region/fallback-roster", stack.Tokens.Admin(),
            new { members = new[] { new { operatorId, name = "Permanence régionale", phone, shifts } } }, HttpStatusCode.OK);
        await Eventually.TrueAsync(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(stack.PostgresConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "select count(*) from notifications.mt_doc_rostercopy where id = @id and data::text like @operator", connection);
            command.Parameters.AddWithValue("id", Platform.Contacts.Contracts.RegionFallbackRoster.Id);
            command.Parameters.AddWithValue("operator", $"%{operatorId}%");
            return (long)(await command.ExecuteScalarAsync())! > 0;
        }, "notifications to know the region's fallback roster");
        return (operatorId, phone);
    }

    public static object Press(Beneficiary she, double latitude = 45.77722) => new
    {
        deviceId = she.DeviceId,
        pressPattern = "doubleClick",
        location = new { latitude, longitude = 3.08703, accuracyMeters = 12, capturedAt = DateTimeOffset.UtcNow },
    };

    /// <summary>Presses, retrying while the alerts service has not yet learnt of the pairing (422 unknown device).</summary>
    public static async Task<Guid> PressUntilAcceptedAsync(HttpClient gateway, Beneficiary she, string pressId, string? traceparent = null)
    {
        return await Eventually.ValueAsync(async () =>
        {
            using var response = await RequestAsync(gateway, HttpMethod.Post, "/api/alerts", she.Token, Press(she), pressId, traceparent);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            {
                return (false, Guid.Empty);
            }
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return (true, body["alertId"]!.GetValue<Guid>());
        }, "the press to be accepted");
    }

    public static async Task<HttpResponseMessage> RequestAsync(HttpClient client, HttpMethod method, string path, string? token,
        object? body, string? idempotencyKey = null, string? traceparent = null, string? pinConfirmation = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (pinConfirmation is not null)
        {
            request.Headers.Add(Platform.ServiceDefaults.Authentication.PinConfirmations.Header, pinConfirmation);
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }
        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body,
        HttpStatusCode expected) =>
        (await SendAsync(client, method, path, token, body, expected, array: false)).AsObject();

    public static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, string token, object? body,
        HttpStatusCode expected, bool array)
    {
        using var response = await RequestAsync(client, method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {expected}, got {(int)response.StatusCode} {text}");
        var node = JsonNode.Parse(text)!;
        Assert.Equal(array ? JsonValueKind.Array : JsonValueKind.Object, node.GetValueKind());
        return node;
    }

    public static async Task<IReadOnlyList<JsonObject>> SmsReceivedByAsync(PlatformStack stack, string phone)
    {
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        var messages = await sandbox.GetFromJsonAsync<JsonArray>($"/sandbox/messages?to={Uri.EscapeDataString(phone)}");
        return [.. messages!.Select(m => m!.AsObject())];
    }

    /// <summary>The alert SMS a contact received (not the consent request that came before).</summary>
    public static async Task<IReadOnlyList<JsonObject>> AlertSmsReceivedByAsync(PlatformStack stack, string phone) =>
        [.. (await SmsReceivedByAsync(stack, phone)).Where(sms => sms["body"]!.GetValue<string>().StartsWith(AlertMessage, StringComparison.Ordinal))];

    /// <summary>
    /// Another woman's press, as a barrier: it goes through the same outbox and queues after whatever came before it; once
    /// her contacts have it, any SMS an earlier message would have caused would have arrived too. (A second press of the
    /// same woman would only join her running alert.)
    /// </summary>
    public static async Task BarrierPressAsync(PlatformStack stack, HttpClient gateway)
    {
        var other = await EnrolledWithTwoContactsAsync(stack);
        await PressUntilAcceptedAsync(gateway, other, $"press-{Guid.NewGuid():N}");
        await WaitForSmsAsync(stack, other, count: 1);
    }

    /// <summary>Waits until each of her contacts has received <paramref name="count"/> SMS in all.</summary>
    public static async Task<IReadOnlyList<JsonObject>> WaitForSmsAsync(PlatformStack stack, Beneficiary she, int count)
    {
        return await Eventually.ValueAsync(async () =>
        {
            var all = new List<JsonObject>();
            foreach (var phone in she.ContactPhones)
            {
                var received = await AlertSmsReceivedByAsync(stack, phone);
                if (received.Count < count)
                {
                    return (false, (IReadOnlyList<JsonObject>)[]);
                }
                all.AddRange(received);
            }
            return (true, (IReadOnlyList<JsonObject>)all);
        }, $"{count} SMS at each contact");
    }

    /// <summary>The link to her alert page that ends a contact's alert SMS (its public address is the gateway's).</summary>
    public static Uri AlertPageLinkIn(PlatformStack stack, string smsBody)
    {
        var link = System.Text.RegularExpressions.Regex.Match(smsBody,
            $"{System.Text.RegularExpressions.Regex.Escape(stack.Gateway.GetLeftPart(UriPartial.Authority))}/a/[A-Za-z0-9_-]{{27}}$");
        Assert.True(link.Success, $"no alert page link at the end of the SMS: {smsBody}");
        return new Uri(link.Value);
    }

    /// <summary>Her phone sends one fix during the alert (POST /api/alerts/{id}/locations, as her).</summary>
    public static async Task ShareLocationAsync(HttpClient gateway, Beneficiary she, Guid alertId, double latitude, double longitude,
        double accuracyMeters, DateTimeOffset capturedAt)
    {
        using var response = await RequestAsync(gateway, HttpMethod.Post, $"/api/alerts/{alertId}/locations", she.Token,
            new { fixes = new[] { new { latitude, longitude, accuracyMeters, capturedAt } } });
        Assert.True(response.IsSuccessStatusCode, $"sharing her location: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Her operator resolves the alert as last read (If-Match: the ETag of GET /api/alerts/{id}); as an operator would, she
    /// reads it again and decides again when it changed meanwhile (412: a delivery report landed in between).
    /// </summary>
    public static async Task ResolveAsync(HttpClient gateway, Beneficiary she, Guid alertId, string outcome = "safe")
    {
        for (var attempt = 1; ; attempt++)
        {
            string etag;
            using (var read = await RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null))
            {
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                etag = read.Headers.ETag!.ToString();
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alertId}/resolution")
            {
                Content = JsonContent.Create(new { outcome }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", she.OperatorToken);
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            using var resolved = await gateway.SendAsync(request);
            if (resolved.StatusCode == HttpStatusCode.PreconditionFailed && attempt < 5)
            {
                continue;
            }
            Assert.True(resolved.StatusCode == HttpStatusCode.OK, $"resolving: {(int)resolved.StatusCode} {await resolved.Content.ReadAsStringAsync()}");
            return;
        }
    }

    /// <summary>Her operator removes one of her contacts (takes effect at once, also for an alert in progress).</summary>
    public static async Task RemoveContactAsync(HttpClient gateway, Beneficiary she, Guid contactId)
    {
        using var response = await RequestAsync(gateway, HttpMethod.Delete, $"/api/beneficiaries/{she.BeneficiaryId}/contacts/{contactId}",
            she.OperatorToken, null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static string RandomFrenchMobile() =>
        $"+3361{Random.Shared.Next(1_000_000, 9_999_999).ToString(CultureInfo.InvariantCulture)}"; // 061 is an assigned French mobile range
}
