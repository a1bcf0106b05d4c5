using Platform.Testing;
using Platform.ServiceDefaults.Authentication;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ReadingDevices(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task An_operator_reads_her_associations_device()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Read(deviceId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(deviceId, (await response.ReadJsonAsync())["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task An_operator_of_another_association_gets_not_found_for_the_device()
    {
        var deviceId = await host.ProvisionedDeviceAsync(Guid.CreateVersion7());
        using var stranger = host.OperatorOf(Guid.CreateVersion7());

        using var response = await stranger.SendAsync(Read(deviceId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task An_unknown_device_is_not_found()
    {
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Read(Guid.CreateVersion7()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
    }

    [Fact]
    public async Task An_operator_token_without_an_association_is_forbidden_rather_than_a_server_error()
    {
        // Every operator route requires the association claim; reading a device must too (CallerExtensions.AssociationId).
        var deviceId = await host.ProvisionedDeviceAsync(Guid.CreateVersion7());
        using var withoutAssociation = host.ClientWithToken(host.Tokens.Mint(PlatformRoles.Operator, null, Guid.CreateVersion7()));

        using var response = await withoutAssociation.SendAsync(Read(deviceId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
