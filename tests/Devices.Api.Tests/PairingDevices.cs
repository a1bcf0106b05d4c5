using Platform.Testing;
using Platform.Devices.Contracts;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class PairingDevices(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task Pairing_a_beneficiary_enrolled_in_the_association_makes_the_button_hers_and_publishes_DevicePaired()
    {
        var associationId = Guid.CreateVersion7();
        var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        var published = await host.WatchAsync<DevicePaired>();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Pair(deviceId, beneficiaryId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var device = await response.ReadJsonAsync();
        Assert.Equal("paired", device["status"]!.GetValue<string>());
        Assert.Equal(beneficiaryId, device["beneficiaryId"]!.GetValue<Guid>());
        var (messageId, paired, _) = await published.FirstAsync(m => m.DeviceId == deviceId);
        Assert.Equal(paired.EventId, messageId);
        Assert.Equal(associationId, paired.AssociationId);
        Assert.Equal(beneficiaryId, paired.BeneficiaryId);
    }

    [Fact]
    public async Task Pairing_an_unknown_beneficiary_is_an_unprocessable_problem()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Pair(deviceId, Guid.CreateVersion7()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/beneficiary-not-enrolled");
    }

    [Fact]
    public async Task Pairing_a_beneficiary_of_another_association_is_an_unprocessable_problem()
    {
        var associationId = Guid.CreateVersion7();
        var elsewhere = await host.EnrolledBeneficiaryAsync(Guid.CreateVersion7());
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Pair(deviceId, elsewhere));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/beneficiary-not-enrolled");
    }

    [Fact]
    public async Task An_operator_of_another_association_cannot_pair_the_device()
    {
        var associationId = Guid.CreateVersion7();
        var strangerAssociation = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        var strangersBeneficiary = await host.EnrolledBeneficiaryAsync(strangerAssociation);
        using var stranger = host.OperatorOf(strangerAssociation);
        using var admin = host.Admin();

        using var response = await stranger.SendAsync(Pair(deviceId, strangersBeneficiary));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound, "/problems/not-found");
        using var device = await admin.SendAsync(Read(deviceId));
        Assert.Equal("assigned", (await device.ReadJsonAsync())["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Pairing_again_to_the_same_beneficiary_succeeds_unchanged()
    {
        var associationId = Guid.CreateVersion7();
        var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);
        using var first = await @operator.SendAsync(Pair(deviceId, beneficiaryId));

        using var again = await @operator.SendAsync(Pair(deviceId, beneficiaryId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(beneficiaryId, (await again.ReadJsonAsync())["beneficiaryId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Pairing_a_button_already_paired_to_someone_else_is_a_conflict_problem()
    {
        var associationId = Guid.CreateVersion7();
        var first = await host.EnrolledBeneficiaryAsync(associationId);
        var second = await host.EnrolledBeneficiaryAsync(associationId);
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);
        using var paired = await @operator.SendAsync(Pair(deviceId, first));

        using var response = await @operator.SendAsync(Pair(deviceId, second));

        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/device-paired-to-someone-else");
    }

    [Fact]
    public async Task Pairing_without_a_beneficiary_is_a_validation_problem()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Pair(deviceId, Guid.Empty));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("beneficiaryId"));
    }

    [Fact]
    public async Task An_admin_cannot_pair_in_an_operators_place()
    {
        var associationId = Guid.CreateVersion7();
        var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Pair(deviceId, beneficiaryId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_same_pairing_sent_several_times_at_once_succeeds_every_time()
    {
        // A double tap in the operator's console sends the pairing twice at once: both must succeed, like one after the other.
        // Several rounds, so that the requests really overlap at least once (the window between load and commit is narrow).
        var associationId = Guid.CreateVersion7();
        var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < 5; round++)
        {
            var deviceId = await host.ProvisionedDeviceAsync(associationId);
            statuses.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var @operator = host.OperatorOf(associationId);
                using var response = await @operator.SendAsync(Pair(deviceId, beneficiaryId));
                return response.StatusCode;
            })));
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }
}
