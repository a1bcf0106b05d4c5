using Npgsql;
using Platform.Testing;
using System.Net;
using System.Net.Http.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Notifications as a region runs it: several replicas competing for the same queues, one of them killed mid-run as a
/// crashed pod would be. Every contact still gets exactly one SMS per alert.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class FanningOutWithReplicas(PlatformStack stack)
{
    private const int Women = 10;
    private const int AlertsEach = 10;
    private const int ContactsEach = 5;

    [Fact]
    public async Task Two_replicas_send_exactly_one_sms_per_contact_and_alert_even_when_one_is_killed_mid_run()
    {
        var women = new List<Beneficiary>();
        foreach (var _ in Enumerable.Range(0, Women))
        {
            women.Add(await EnrolledWithContactsAsync(ContactsEach));
        }
        await stack.StartServiceAsync("notifications-2");
        try
        {
            using var gateway = stack.Client();
            var (firstHalf, secondHalf) = (women.Take(Women / 2).ToList(), women.Skip(Women / 2).ToList());
            // The first half goes out with both replicas running...
            await PressAllAsync(gateway, firstHalf);
            await EverySmsArrivedAsync(firstHalf);
            // ...the second half with one of them killed while it fans out: its unacknowledged messages go back to the queue
            // for the other replica, and its claims (if any) are reconciled with Twilio before anything is sent again.
            var pressing = PressAllAsync(gateway, secondHalf);
            await Eventually.TrueAsync(async () => await SmsCountAsync(secondHalf) >= 20, "the second half to start arriving");
            await stack.KillServiceAsync("notifications-2");
            await pressing;

            await EverySmsArrivedAsync(women);
            var total = 0;
            foreach (var phone in women.SelectMany(she => she.ContactPhones))
            {
                var received = (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count;
                Assert.Equal(AlertsEach, received);
                total += received;
            }
            Assert.Equal(Women * AlertsEach * ContactsEach, total);
            Assert.Equal(2, await ReplicasThatSentAsync(women));
        }
        finally
        {
            await stack.StopServiceAsync("notifications-2");
        }
    }

    /// <summary>
    /// Each woman raises <see cref="AlertsEach"/> alerts, one round at a time: all at once, then her operator closes it (she
    /// pressing again while her alert runs would only join it).
    /// </summary>
    private async Task PressAllAsync(HttpClient gateway, IReadOnlyList<Beneficiary> women)
    {
        for (var round = 1; round <= AlertsEach; round++)
        {
            var alerts = await Task.WhenAll(women.Select(she => Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}")));
            foreach (var phone in women.SelectMany(she => she.ContactPhones))
            {
                await Eventually.TrueAsync(async () => (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count >= round,
                    $"round {round}'s alert SMS at every contact", TimeSpan.FromSeconds(90));
            }
            await Task.WhenAll(women.Zip(alerts, (she, alertId) => Eventually.TrueAsync(() => ResolvedAsync(gateway, she, alertId),
                "her operator to close the alert")));
        }
    }

    /// <summary>Closes the alert as last read; false when it changed in between (a delivery status landed), to read again.</summary>
    private static async Task<bool> ResolvedAsync(HttpClient gateway, Beneficiary she, Guid alertId)
    {
        using var read = await Scenario.RequestAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", she.OperatorToken, null);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alertId}/resolution")
        {
            Content = JsonContent.Create(new { outcome = "safe" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", she.OperatorToken);
        request.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.ToString());
        using var resolved = await gateway.SendAsync(request);
        return resolved.StatusCode == HttpStatusCode.OK;
    }

    private async Task EverySmsArrivedAsync(IEnumerable<Beneficiary> women)
    {
        foreach (var phone in women.SelectMany(she => she.ContactPhones))
        {
            await Eventually.TrueAsync(async () => (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count >= AlertsEach,
                $"{AlertsEach} alert SMS at every contact", TimeSpan.FromSeconds(90));
        }
    }

    private async Task<int> SmsCountAsync(IEnumerable<Beneficiary> women)
    {
        var count = 0;
        foreach (var phone in women.SelectMany(she => she.ContactPhones))
        {
            count += (await Scenario.AlertSmsReceivedByAsync(stack, phone)).Count;
        }
        return count;
    }

    /// <summary>How many distinct replicas sent these women's alert SMS (the dispatch records name the sender).</summary>
    private async Task<long> ReplicasThatSentAsync(IEnumerable<Beneficiary> women)
    {
        await using var connection = new NpgsqlConnection(stack.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(distinct data->>'SentBy') from notifications.mt_doc_smsdispatch " +
            "where data->'Command'->'Sms'->>'BeneficiaryId' = any(@women)", connection);
        command.Parameters.AddWithValue("women", women.Select(she => she.BeneficiaryId.ToString()).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A beneficiary with this many confirmed contacts (tier 1), enrolled and paired through the gateway.</summary>
    private async Task<Beneficiary> EnrolledWithContactsAsync(int count)
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var phones = new List<string>(she.ContactPhones);
        var ids = new List<Guid>(she.ContactIds);
        using var sandbox = new HttpClient { BaseAddress = stack.Sandbox };
        for (var i = phones.Count; i < count; i++)
        {
            var phone = $"+3361{Random.Shared.Next(0, 10_000_000):D7}";
            var contact = await Scenario.SendAsync(gateway, HttpMethod.Post, $"/api/beneficiaries/{she.BeneficiaryId}/contacts", she.OperatorToken,
                new { name = $"Contact {i + 1}", phone, tier = 1 }, HttpStatusCode.Created);
            await Eventually.TrueAsync(async () => (await Scenario.SmsReceivedByAsync(stack, phone)).Count > 0, "the consent request SMS");
            using var reply = await sandbox.PostAsJsonAsync("/sandbox/inbound-sms", new { from = phone, to = "+33757000000", body = "OUI" });
            reply.EnsureSuccessStatusCode();
            phones.Add(phone);
            ids.Add(contact["id"]!.GetValue<Guid>());
        }
        await Eventually.TrueAsync(async () =>
        {
            var profile = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/beneficiaries/{she.BeneficiaryId}", she.OperatorToken, null,
                HttpStatusCode.OK);
            return profile["contacts"]!.AsArray().Count(c => c!["consent"]!.GetValue<string>() == "confirmed") == count;
        }, "every contact to be confirmed");
        // Notifications' own copy of her contacts must hold every confirmed one before she presses.
        await Eventually.TrueAsync(async () => await Scenario.ConfirmedInNotificationsCopyAsync(stack, she.BeneficiaryId) == count,
            "notifications to know every contact");
        return she with { ContactPhones = phones, ContactIds = ids };
    }
}
