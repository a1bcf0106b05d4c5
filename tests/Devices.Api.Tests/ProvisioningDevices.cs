using Platform.Testing;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ProvisioningDevices(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task An_admin_provisions_a_button_for_an_association()
    {
        var associationId = await host.RegisteredAssociationAsync();
        var serial = NewSerial();
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Provision(serial.ToLowerInvariant(), associationId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var device = await response.ReadJsonAsync();
        var id = device["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/devices/{id}", response.Headers.Location!.OriginalString);
        Assert.Equal(serial.ToUpperInvariant(), device["serial"]!.GetValue<string>());
        Assert.Equal(associationId, device["associationId"]!.GetValue<Guid>());
        Assert.Equal("assigned", device["status"]!.GetValue<string>());
        Assert.Null(device["beneficiaryId"]);
    }

    [Fact]
    public async Task Provisioning_the_same_serial_again_for_the_same_association_returns_the_same_device()
    {
        var associationId = await host.RegisteredAssociationAsync();
        var serial = NewSerial();
        using var admin = host.Admin();

        using var first = await admin.SendAsync(Provision(serial, associationId));
        using var again = await admin.SendAsync(Provision(serial, associationId));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await first.ReadJsonAsync())["id"]!.GetValue<Guid>(), (await again.ReadJsonAsync())["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task The_same_serial_for_another_association_is_a_conflict_problem()
    {
        var serial = NewSerial();
        using var admin = host.Admin();
        using var first = await admin.SendAsync(Provision(serial, await host.RegisteredAssociationAsync()));

        using var response = await admin.SendAsync(Provision(serial, await host.RegisteredAssociationAsync()));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/device-serial-taken");
    }

    [Fact]
    public async Task A_button_for_an_association_never_registered_is_an_unprocessable_problem()
    {
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Provision(NewSerial(), Guid.CreateVersion7()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/unknown-association");
    }

    [Fact]
    public async Task An_invalid_serial_is_a_validation_problem()
    {
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Provision("BTN 1", Guid.CreateVersion7()));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("serial"));
    }

    [Fact]
    public async Task An_operator_cannot_provision()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(Provision(NewSerial(), associationId));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Without_a_token_nobody_provisions()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.SendAsync(Provision(NewSerial(), Guid.CreateVersion7()));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_same_provisioning_sent_several_times_at_once_answers_every_request_with_the_same_device()
    {
        // An admin's retry may overlap the first attempt: idempotency must hold then too, not only one after the other.
        // Several rounds, so that the requests really overlap at least once (the window between load and commit is narrow).
        var associationId = await host.RegisteredAssociationAsync();
        var answers = new List<(string Serial, HttpStatusCode Status, Guid? Id)>();

        for (var round = 0; round < 5; round++)
        {
            var serial = NewSerial();
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                using var admin = host.Admin();
                using var response = await admin.SendAsync(Provision(serial, associationId));
                return (serial, response.StatusCode, (await response.ReadJsonAsync())["id"]?.GetValue<Guid>());
            })));
        }

        Assert.All(answers, answer => Assert.Contains(answer.Status, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.All(answers.GroupBy(answer => answer.Serial), sameButton => Assert.Single(sameButton.Select(answer => answer.Id).Distinct()));
    }
}
