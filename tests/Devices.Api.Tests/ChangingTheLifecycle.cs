using Platform.Devices.Contracts;
using Platform.Testing;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ChangingTheLifecycle(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task Unpairing_a_paired_button_publishes_DeviceUnpaired_naming_her()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        var published = await host.WatchAsync<DeviceUnpaired>();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Unpair(deviceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var device = await response.ReadJsonAsync();
        Assert.Equal("unpaired", device["status"]!.GetValue<string>());
        Assert.Null(device["beneficiaryId"]);
        var (messageId, unpaired, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal(unpaired.EventId, messageId);
        Assert.Equal(beneficiaryId, unpaired.BeneficiaryId);
        Assert.Equal(associationId, unpaired.AssociationId);
    }

    [Fact]
    public async Task A_button_reported_lost_publishes_DeviceRevoked_and_can_never_be_paired_again()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, beneficiaryId) = await host.PairedDeviceAsync(associationId);
        var published = await host.WatchAsync<DeviceRevoked>();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(ReportLost(deviceId));
        using var pairing = await @operator.SendAsync(Pair(deviceId, beneficiaryId));

        Assert.Equal("lost", (await response.ReadJsonAsync())["status"]!.GetValue<string>());
        var (_, revoked, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal(DeviceRevocationReason.Lost, revoked.Reason);
        Assert.Equal(beneficiaryId, revoked.BeneficiaryId);
        await HttpAssertions.AssertProblemAsync(pairing, HttpStatusCode.Conflict, "/problems/device-revoked");
    }

    [Fact]
    public async Task An_admin_retires_a_button_in_stock_and_DeviceRevoked_says_retired()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
        var published = await host.WatchAsync<DeviceRevoked>();
        using var admin = host.Admin();
        using var @operator = host.OperatorOf(associationId);

        using var response = await admin.SendAsync(Retire(deviceId));
        using var again = await admin.SendAsync(Retire(deviceId));
        using var pairing = await @operator.SendAsync(Pair(deviceId, beneficiaryId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var (_, revoked, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal(DeviceRevocationReason.Retired, revoked.Reason);
        Assert.Null(revoked.BeneficiaryId);
        await HttpAssertions.AssertProblemAsync(pairing, HttpStatusCode.Conflict, "/problems/device-revoked");
    }

    [Fact]
    public async Task An_unpaired_button_is_given_to_another_beneficiary()
    {
        var associationId = Guid.CreateVersion7();
        var (deviceId, _) = await host.PairedDeviceAsync(associationId);
        var next = await host.EnrolledBeneficiaryAsync(associationId);
        using var @operator = host.OperatorOf(associationId);
        using var unpaired = await @operator.SendAsync(Unpair(deviceId));

        using var response = await @operator.SendAsync(Pair(deviceId, next));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(next, (await response.ReadJsonAsync())["beneficiaryId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Retiring_a_lost_button_is_a_conflict_problem()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);
        using var lost = await @operator.SendAsync(ReportLost(deviceId));

        using var response = await @operator.SendAsync(Retire(deviceId));

        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/device-revoked");
    }
}
