using Platform.Testing;
using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class RegisteringAssociations(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task An_admin_registers_an_association_and_registering_it_again_is_a_no_op()
    {
        var associationId = Guid.CreateVersion7();
        var code = DevicesHost.CodeOf(associationId).ToLowerInvariant();
        using var admin = host.Admin();

        using var first = await admin.SendAsync(RegisterAssociation(associationId, code, "CIDFF du Rhône"));
        using var again = await admin.SendAsync(RegisterAssociation(associationId, code, "CIDFF du Rhône"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var association = await again.ReadJsonAsync();
        Assert.Equal(code.ToUpperInvariant(), association["code"]!.GetValue<string>());
        Assert.Equal("CIDFF du Rhône", association["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_another_association_holds_is_a_conflict_problem()
    {
        var holder = await host.RegisteredAssociationAsync();
        using var admin = host.Admin();

        using var response = await admin.SendAsync(RegisterAssociation(Guid.CreateVersion7(), DevicesHost.CodeOf(holder), "Copycat"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/association-code-taken");
    }

    [Fact]
    public async Task An_invalid_code_is_a_validation_problem()
    {
        using var admin = host.Admin();

        using var response = await admin.SendAsync(RegisterAssociation(Guid.CreateVersion7(), "CIDFF 69", "CIDFF"));

        var problem = await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
        Assert.True(problem["errors"]!.AsObject().ContainsKey("code"));
    }

    [Fact]
    public async Task An_operator_cannot_register_an_association()
    {
        var associationId = Guid.CreateVersion7();
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(RegisterAssociation(associationId, DevicesHost.CodeOf(associationId), "Mine"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
