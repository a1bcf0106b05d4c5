using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Health;
using Platform.Devices.Contracts;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class DetectingSilentDevices(DevicesHostOnFakeTime host) : IClassFixture<DevicesHostOnFakeTime>
{
    private static readonly TimeSpan SilentAfter = TimeSpan.FromHours(12);

    private SilentDeviceWatch Watch => host.Services.GetRequiredService<SilentDeviceWatch>();

    [Fact]
    public async Task A_paired_button_unheard_for_12_hours_is_published_silent_once_and_not_reported_again()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        using (var she = host.BeneficiaryOf(associationId, beneficiaryId))
        using (var beat = await she.SendAsync(Heartbeat(deviceId)))
        {
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }
        var lastContact = host.Clock.GetUtcNow();
        var published = await host.WatchAsync<DeviceWentSilent>();

        host.Clock.Advance(SilentAfter - TimeSpan.FromMinutes(1));
        await Watch.CheckAsync(CancellationToken.None);
        Assert.Equal(0, await SilenceEventsAsync(deviceId));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Watch.CheckAsync(CancellationToken.None);
        var (messageId, silent, _) = await published.FirstAsync(m => m.DeviceId == deviceId);

        host.Clock.Advance(TimeSpan.FromHours(30));
        await Watch.CheckAsync(CancellationToken.None);

        Assert.Equal(silent.EventId, messageId);
        Assert.Equal(beneficiaryId, silent.BeneficiaryId);
        Assert.Equal(associationId, silent.AssociationId);
        Assert.Equal(lastContact, silent.LastContactAt);
        Assert.Equal(1, await SilenceEventsAsync(deviceId));
    }

    [Fact]
    public async Task Several_replicas_checking_at_once_report_a_silence_once()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, _) = await host.PairedDeviceAsync(associationId);
        // Each replica (or a restarted process) has its own watch over the same PostgreSQL.
        var replicas = Enumerable.Range(0, 4).Select(_ => ActivatorUtilities.CreateInstance<SilentDeviceWatch>(host.Services)).ToList();

        host.Clock.Advance(SilentAfter + TimeSpan.FromMinutes(1));
        await Task.WhenAll(replicas.Select(replica => replica.CheckAsync(CancellationToken.None)));
        await Task.WhenAll(replicas.Select(replica => replica.CheckAsync(CancellationToken.None)));

        Assert.Equal(1, await SilenceEventsAsync(deviceId));
    }

    [Fact]
    public async Task A_heartbeat_after_a_silence_lets_the_next_silence_be_reported()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        host.Clock.Advance(SilentAfter + TimeSpan.FromMinutes(1));
        await Watch.CheckAsync(CancellationToken.None);
        Assert.Equal(1, await SilenceEventsAsync(deviceId));

        using (var she = host.BeneficiaryOf(associationId, beneficiaryId))
        using (var beat = await she.SendAsync(Heartbeat(deviceId)))
        {
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }
        host.Clock.Advance(SilentAfter + TimeSpan.FromMinutes(1));
        await Watch.CheckAsync(CancellationToken.None);

        Assert.Equal(2, await SilenceEventsAsync(deviceId));
    }

    [Fact]
    public async Task An_unpaired_button_is_never_reported_silent()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, _) = await host.PairedDeviceAsync(associationId);
        using (var @operator = host.OperatorOf(associationId))
        using (var unpaired = await @operator.SendAsync(Unpair(deviceId)))
        {
            Assert.Equal(HttpStatusCode.OK, unpaired.StatusCode);
        }

        host.Clock.Advance(SilentAfter * 2);
        await Watch.CheckAsync(CancellationToken.None);

        Assert.Equal(0, await SilenceEventsAsync(deviceId));
    }

    private async Task<int> SilenceEventsAsync(Guid deviceId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(deviceId)).Count(e => e.Data is DeviceFellSilent);
    }
}
