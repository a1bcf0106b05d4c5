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
        var code = SmsFallbackCode.For(pressId, Platform.Alerts.Contracts.PressPattern.DoubleClick, Paris with { CapturedAt = DateTimeOffset.UtcNow });

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
