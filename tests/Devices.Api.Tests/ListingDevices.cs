using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ListingDevices(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task An_operator_pages_through_her_associations_devices_with_a_cursor()
    {
        var associationId = Guid.CreateVersion7();
        var provisioned = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            provisioned.Add(await host.ProvisionedDeviceAsync(associationId));
        }
        await host.ProvisionedDeviceAsync(Guid.CreateVersion7());
        using var @operator = host.OperatorOf(associationId);

        var seen = new List<Guid>();
        string? after = null;
        var pages = 0;
        do
        {
            using var response = await @operator.SendAsync(List(after is null ? "?limit=2" : $"?limit=2&after={after}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.ReadJsonAsync();
            seen.AddRange(page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<Guid>()));
            after = page["next"]?.GetValue<Guid>().ToString();
            pages++;
        }
        while (after is not null);

        Assert.Equal(3, pages);
        Assert.Equal(provisioned.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task An_operator_asking_for_another_association_still_sees_only_her_own()
    {
        var associationId = Guid.CreateVersion7();
        var other = Guid.CreateVersion7();
        var mine = await host.ProvisionedDeviceAsync(associationId);
        await host.ProvisionedDeviceAsync(other);
        using var @operator = host.OperatorOf(associationId);

        using var response = await @operator.SendAsync(List($"?association={other}"));

        var items = (await response.ReadJsonAsync())["items"]!.AsArray();
        Assert.Equal(mine, Assert.Single(items)!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task An_admin_lists_the_association_she_names()
    {
        var associationId = Guid.CreateVersion7();
        var deviceId = await host.ProvisionedDeviceAsync(associationId);
        await host.ProvisionedDeviceAsync(Guid.CreateVersion7());
        using var admin = host.Admin();

        using var response = await admin.SendAsync(List($"?association={associationId}"));

        var item = Assert.Single((await response.ReadJsonAsync())["items"]!.AsArray())!.AsObject();
        Assert.Equal(deviceId, item["id"]!.GetValue<Guid>());
        Assert.Equal("assigned", item["status"]!.GetValue<string>());
        Assert.Null(item["beneficiaryId"]);
        Assert.Null(item["lastContactAt"]);
    }

    [Fact]
    public async Task A_limit_out_of_range_is_a_validation_problem()
    {
        using var @operator = host.OperatorOf(Guid.CreateVersion7());

        using var response = await @operator.SendAsync(List("?limit=1000"));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/validation");
    }
}
