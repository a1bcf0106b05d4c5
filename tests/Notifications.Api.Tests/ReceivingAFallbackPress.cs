using Npgsql;
using Platform.Notifications.Api.FallbackBySms;
using Platform.Notifications.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Notifications.Api.Tests.AlertScenario;

namespace Platform.Notifications.Api.Tests;

/// <summary>
/// Her phone has no data and texts her press. Twilio never retries an inbound-SMS webhook: whatever answered 200 must
/// already hold her press in PostgreSQL, and the outbox hands it to alerts whenever the broker is there.
/// </summary>
public sealed class ReceivingAFallbackPress(NotificationsHost host) : IClassFixture<NotificationsHost>
{
    [Fact]
    public async Task Her_texted_press_is_committed_before_twilio_is_answered_and_the_same_sms_replayed_is_one_press()
    {
        var her = New();
        var herPhone = NotificationsHost.RandomPhone();
        await host.KnownContactsAsync(her.Contacts(Contact(1)) with { BeneficiaryPhone = herPhone });
        var presses = await host.WatchAsync<SmsFallbackPressReceived>();
        var messageSid = $"SM{Guid.NewGuid():N}";
        var pressId = $"p-{Guid.NewGuid():N}"[..20];
        var key = await HerKeyAsync(her.Association, her.Beneficiary);
        var code = SmsFallbackCode.For(pressId, Platform.Alerts.Contracts.PressPattern.DoubleClick, Paris with { CapturedAt = DateTimeOffset.UtcNow },
            key, counter: 1);

        using var first = await host.PostInboundSmsAsync(herPhone, code, messageSid: messageSid);
        var recorded = await RecordedPressesAsync(her.Beneficiary);
        using var again = await host.PostInboundSmsAsync(herPhone, code, messageSid: messageSid);

        // The same signed request played again is refused at the door (the replay record); either way, one press.
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (first.StatusCode, again.StatusCode));
        // In PostgreSQL when Twilio got its answer: nothing more is needed to raise her alert.
        Assert.Equal(1, recorded);
        var press = (await presses.FirstAsync(m => m.BeneficiaryId == her.Beneficiary)).Message;
        Assert.Equal((pressId, her.Association), (press.PressId, press.AssociationId));
        Assert.Equal(1, await RecordedPressesAsync(her.Beneficiary));
        // The outbox delivers at least once under the same message id: alerts counts the press once whatever arrives.
        Assert.All(presses.All.Where(m => m.Message.BeneficiaryId == her.Beneficiary), m => Assert.Equal(press.EventId, m.Message.EventId));
    }

    [Fact]
    public async Task A_code_from_her_number_forged_replayed_or_signed_with_a_rotated_key_raises_nothing_and_is_recorded_as_refused()
    {
        var her = New();
        var herPhone = NotificationsHost.RandomPhone();
        await host.KnownContactsAsync(her.Contacts(Contact(1)) with { BeneficiaryPhone = herPhone });
        var oldKey = await HerKeyAsync(her.Association, her.Beneficiary);
        var key = await HerKeyAsync(her.Association, her.Beneficiary);
        var at = Paris with { CapturedAt = DateTimeOffset.UtcNow };
        string Code(byte[] signedWith, long counter) =>
            SmsFallbackCode.For($"p-{Guid.NewGuid():N}"[..20], Platform.Alerts.Contracts.PressPattern.DoubleClick, at, signedWith, counter);
        var genuine = Code(key, 7);
        var refusedBefore = await RefusedAsync();

        // A spoofed sender without her key, an old key after a new enrolment, then her genuine code sent twice.
        using var forged = await host.PostInboundSmsAsync(herPhone, Code(System.Text.Encoding.ASCII.GetBytes(new string('k', 32)), 1));
        using var rotated = await host.PostInboundSmsAsync(herPhone, Code(oldKey, 2));
        using var first = await host.PostInboundSmsAsync(herPhone, genuine);
        using var replayed = await host.PostInboundSmsAsync(herPhone, genuine);

        // Twilio gets its 200 whatever happens, and the sender learns nothing.
        Assert.All([forged, rotated, first, replayed], response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, await RecordedPressesAsync(her.Beneficiary));
        Assert.Equal(["bad-mac", "bad-mac", "replayed"], (await RefusedAsync()).Except(refusedBefore).Select(r => r.Reason).Order());
    }

    [Fact]
    public async Task A_code_signed_on_a_phone_revoked_as_seized_raises_nothing_and_her_new_phones_key_works()
    {
        var her = New();
        var herPhone = NotificationsHost.RandomPhone();
        await host.KnownContactsAsync(her.Contacts(Contact(1)) with { BeneficiaryPhone = herPhone });
        var seizedKey = await HerKeyAsync(her.Association, her.Beneficiary);
        var at = Paris with { CapturedAt = DateTimeOffset.UtcNow };
        string Code(byte[] signedWith, long counter) =>
            SmsFallbackCode.For($"p-{Guid.NewGuid():N}"[..20], Platform.Alerts.Contracts.PressPattern.DoubleClick, at, signedWith, counter);
        var refusedBefore = await RefusedAsync();

        await host.PublishAsync(new Platform.Identity.Contracts.AppSessionsRevoked(Guid.NewGuid(), DateTimeOffset.UtcNow, her.Association,
            her.Beneficiary, Platform.Identity.Contracts.AppSessionsRevokedReason.PhoneSeized, 1));
        await Eventually.TrueAsync(async () => !await HasKeyAsync(her.Beneficiary), "the seized phone's key to be forgotten");
        using var fromTheSeizedPhone = await host.PostInboundSmsAsync(herPhone, Code(seizedKey, 1));
        var newPhoneKey = await HerKeyAsync(her.Association, her.Beneficiary);
        using var fromTheNewPhone = await host.PostInboundSmsAsync(herPhone, Code(newPhoneKey, 1));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (fromTheSeizedPhone.StatusCode, fromTheNewPhone.StatusCode));
        Assert.Equal(["no-key"], (await RefusedAsync()).Except(refusedBefore).Select(r => r.Reason));
        Assert.Equal(1, await RecordedPressesAsync(her.Beneficiary));
        // The same revocation delivered again (at least once) leaves her new phone's key alone.
        await host.PublishAsync(new Platform.Identity.Contracts.AppSessionsRevoked(Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(-1),
            her.Association, her.Beneficiary, Platform.Identity.Contracts.AppSessionsRevokedReason.PhoneSeized, 1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(await HasKeyAsync(her.Beneficiary));
    }

    [Fact]
    public async Task Only_her_own_app_takes_a_fallback_key()
    {
        var her = New();
        using var operators = host.ClientWithToken(host.Tokens.Operator(her.Association));

        using var refused = await operators.PostAsync("/api/sms-fallback/key", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private async Task<byte[]> HerKeyAsync(Guid association, Guid beneficiary)
    {
        using var app = host.ClientWithToken(host.Tokens.Beneficiary(association, beneficiary));
        using var issued = await app.PostAsync("/api/sms-fallback/key", null);
        issued.EnsureSuccessStatusCode();
        var key = System.Text.Json.Nodes.JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["key"]!.GetValue<string>();
        return System.Buffers.Text.Base64Url.DecodeFromChars(key);
    }

    private async Task<bool> HasKeyAsync(Guid beneficiaryId)
    {
        await using var connection = new NpgsqlConnection(host.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from notifications.mt_doc_fallbackkey where id = @her", connection);
        command.Parameters.AddWithValue("her", beneficiaryId);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private async Task<IReadOnlyList<(Guid Id, string Reason)>> RefusedAsync()
    {
        await using var connection = new NpgsqlConnection(host.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select id, data->>'Reason' from notifications.mt_doc_refusedfallbackcode", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var refused = new List<(Guid, string)>();
        while (await reader.ReadAsync())
        {
            refused.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        return refused;
    }

    private async Task<long> RecordedPressesAsync(Guid beneficiaryId)
    {
        await using var connection = new NpgsqlConnection(host.PostgresConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from notifications.mt_events where data->'Press'->>'BeneficiaryId' = @her", connection);
        command.Parameters.AddWithValue("her", beneficiaryId.ToString());
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
