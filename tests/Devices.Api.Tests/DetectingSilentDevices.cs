using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Health;
using Platform.Devices.Contracts;
using Platform.Testing;
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

    [Fact]
    public async Task A_button_unlinked_from_her_phone_for_10_minutes_is_published_once_shown_in_the_fleet_and_a_relink_ends_it()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        var published = await host.WatchAsync<DeviceLinkLost>();
        using var she = host.BeneficiaryOf(associationId, beneficiaryId);
        async Task BeatAsync(bool linked)
        {
            using var beat = await she.SendAsync(Heartbeat(deviceId, bluetoothLinked: linked));
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }

        await BeatAsync(linked: false);
        var unlinkedAt = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        // Heartbeats still unlinked do not restart the clock; before 10 minutes nothing is said.
        await BeatAsync(linked: false);
        await Watch.CheckAsync(CancellationToken.None);
        Assert.Equal(0, await LinkLossEventsAsync(deviceId));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await Watch.CheckAsync(CancellationToken.None);
        await Watch.CheckAsync(CancellationToken.None);
        var (_, lost, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal((beneficiaryId, unlinkedAt), (lost.BeneficiaryId, lost.UnlinkedSince));
        Assert.Equal(1, await LinkLossEventsAsync(deviceId));
        using (var @operator = host.OperatorOf(associationId))
        {
            using var listed = await @operator.GetAsync(new Uri("/api/devices", UriKind.Relative));
            var line = (await listed.ReadJsonAsync())["items"]!.AsArray().Single(item => item!["id"]!.GetValue<Guid>() == deviceId)!;
            Assert.Equal(unlinkedAt, line["unlinkedSince"]!.GetValue<DateTimeOffset>());
        }

        // Back in range, then lost again: a new loss, reported again.
        await BeatAsync(linked: true);
        await BeatAsync(linked: false);
        host.Clock.Advance(TimeSpan.FromMinutes(11));
        await Watch.CheckAsync(CancellationToken.None);
        Assert.Equal(2, await LinkLossEventsAsync(deviceId));
    }

    private async Task<int> LinkLossEventsAsync(Guid deviceId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(deviceId)).Count(e => e.Data is ButtonLinkLost);
    }

    private async Task<int> SilenceEventsAsync(Guid deviceId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(deviceId)).Count(e => e.Data is DeviceFellSilent);
    }
}
