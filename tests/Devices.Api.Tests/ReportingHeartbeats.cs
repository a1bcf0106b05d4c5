using JasperFx.Events;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Devices.Api.Devices;
using Platform.Devices.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ReportingHeartbeats(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task Her_heartbeat_is_kept_as_the_buttons_health_the_operator_sees()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        using var she = host.BeneficiaryOf(associationId, beneficiaryId);
        using var @operator = host.OperatorOf(associationId);

        using var response = await she.SendAsync(Heartbeat(deviceId, button: 64, phone: 33, bluetoothLinked: false, appVersion: "3.1.0"));
        using var list = await @operator.SendAsync(List());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var device = Assert.Single((await list.ReadJsonAsync())["items"]!.AsArray())!.AsObject();
        Assert.Equal(deviceId, device["id"]!.GetValue<Guid>());
        Assert.Equal("paired", device["status"]!.GetValue<string>());
        Assert.Equal(beneficiaryId, device["beneficiaryId"]!.GetValue<Guid>());
        Assert.Equal(64, device["buttonBatteryPercent"]!.GetValue<int>());
        Assert.Equal(33, device["phoneBatteryPercent"]!.GetValue<int>());
        Assert.False(device["bluetoothLinked"]!.GetValue<bool>());
        Assert.Equal("3.1.0", device["appVersion"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - device["lastContactAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_battery_that_stays_low_is_published_once_and_again_after_it_recovered()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        var published = await host.WatchAsync<DeviceBatteryLow>();
        using var she = host.BeneficiaryOf(associationId, beneficiaryId);

        foreach (var button in new[] { 50, 19, 15, 10 })
        {
            using var beat = await she.SendAsync(Heartbeat(deviceId, button));
            Assert.Equal(HttpStatusCode.NoContent, beat.StatusCode);
        }
        var (messageId, low, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal(1, await BatteryLowEventsAsync(deviceId));
        foreach (var button in new[] { 80, 12 })
        {
            using var beat = await she.SendAsync(Heartbeat(deviceId, button));
        }

        Assert.Equal(low.EventId, messageId);
        Assert.Equal(19, low.ButtonBatteryPercent);
        Assert.Equal(beneficiaryId, low.BeneficiaryId);
        Assert.Equal(2, await BatteryLowEventsAsync(deviceId));
        await Eventually.TrueAsync(() => Task.FromResult(published.All.Count(m => m.Message.DeviceId == deviceId) == 2),
            "the second drop to be published");
    }

    [Fact]
    public async Task A_heartbeat_for_a_button_not_paired_to_her_is_not_found()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, _) = await host.PairedDeviceAsync(associationId);
        var other = await host.EnrolledBeneficiaryAsync(associationId);
        using var someoneElse = host.BeneficiaryOf(associationId, other);

        using var response = await someoneElse.SendAsync(Heartbeat(deviceId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task After_unpairing_her_heartbeats_are_not_found()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);
        using var she = host.BeneficiaryOf(associationId, beneficiaryId);
        using var unpaired = await @operator.SendAsync(Unpair(deviceId));

        using var response = await she.SendAsync(Heartbeat(deviceId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_battery_out_of_range_is_a_validation_problem()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        using var she = host.BeneficiaryOf(associationId, beneficiaryId);

        using var response = await she.SendAsync(Heartbeat(deviceId, button: 140));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("buttonBatteryPercent"));
    }

    private async Task<int> BatteryLowEventsAsync(Guid deviceId)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.Events.FetchStreamAsync(deviceId)).Count(e => e.Data is DeviceBatteryRanLow);
    }
}
