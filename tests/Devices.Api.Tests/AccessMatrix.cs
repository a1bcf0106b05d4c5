using Platform.Testing;
using System.Net;
using System.Text.Json.Nodes;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

/// <summary>
/// Every devices endpoint, called by someone who must not reach the device: nobody (401), an operator of another
/// association, a beneficiary of another association and another beneficiary of the same one (403 or 404). None of
/// their answers may carry the device's serial or any of its ids.
/// </summary>
public sealed class AccessMatrix(DevicesHost host) : IClassFixture<DevicesHost>, IAsyncLifetime
{
    private Guid _association;
    private Guid _deviceId;
    private Guid _beneficiaryId;
    private string _serial = "";

    public async Task InitializeAsync()
    {
        _association = Guid.CreateVersion7();
        _serial = NewSerial();
        _beneficiaryId = await host.EnrolledBeneficiaryAsync(_association);
        _deviceId = await host.ProvisionedDeviceAsync(_association, _serial);
        using var @operator = host.OperatorOf(_association);
        using var paired = await @operator.SendAsync(Pair(_deviceId, _beneficiaryId));
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every route of the service, aimed at the device (or its association) under test.</summary>
    private IEnumerable<(string Name, Func<HttpRequestMessage> Request)> Endpoints() =>
    [
        ("register association", () => RegisterAssociation(_association, DevicesHost.CodeOf(_association), "Hijacked")),
        ("provision", () => Provision(_serial, _association)),
        ("import", () => Import($"serial,model,association,batch\n{_serial},Flic 2,{DevicesHost.CodeOf(_association)},B1\n")),
        ("list", () => List($"?association={_association}")),
        ("read", () => Read(_deviceId)),
        ("pair", () => Pair(_deviceId, _beneficiaryId)),
        ("unpair", () => Unpair(_deviceId)),
        ("report lost", () => ReportLost(_deviceId)),
        ("retire", () => Retire(_deviceId)),
        ("heartbeat", () => Heartbeat(_deviceId)),
    ];

    [Fact]
    public async Task Without_a_token_every_endpoint_is_unauthorized()
    {
        using var anonymous = host.CreateClient();

        foreach (var (name, request) in Endpoints())
        {
            using var response = await anonymous.SendAsync(request());

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name} answered {response.StatusCode} without a token.");
            await AssertRevealsNothingAsync(name, response);
        }
    }

    [Fact]
    public async Task An_operator_of_another_association_reaches_nothing_of_the_device()
    {
        using var stranger = host.OperatorOf(Guid.CreateVersion7());
        await AssertLockedOutAsync(stranger, "another association's operator");
    }

    [Fact]
    public async Task A_beneficiary_of_another_association_reaches_nothing_of_the_device()
    {
        var elsewhere = Guid.CreateVersion7();
        using var stranger = host.BeneficiaryOf(elsewhere, await host.EnrolledBeneficiaryAsync(elsewhere));
        await AssertLockedOutAsync(stranger, "another association's beneficiary");
    }

    [Fact]
    public async Task Another_beneficiary_of_the_same_association_reaches_nothing_of_the_device()
    {
        using var neighbour = host.BeneficiaryOf(_association, await host.EnrolledBeneficiaryAsync(_association));
        await AssertLockedOutAsync(neighbour, "another beneficiary");
    }

    [Fact]
    public async Task After_the_matrix_the_device_is_still_hers_and_paired()
    {
        using var stranger = host.OperatorOf(Guid.CreateVersion7());
        foreach (var (_, request) in Endpoints())
        {
            using var ignored = await stranger.SendAsync(request());
        }
        using var admin = host.Admin();

        using var response = await admin.SendAsync(Read(_deviceId));

        var device = await response.ReadJsonAsync();
        Assert.Equal("paired", device["status"]!.GetValue<string>());
        Assert.Equal(_beneficiaryId, device["beneficiaryId"]!.GetValue<Guid>());
    }

    private async Task AssertLockedOutAsync(HttpClient caller, string who)
    {
        foreach (var (name, request) in Endpoints())
        {
            using var response = await caller.SendAsync(request());

            if (name == "list")
            {
                // Listing is allowed to operators, but only ever shows the caller's own association.
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden,
                    $"list answered {response.StatusCode} to {who}.");
            }
            else
            {
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden,
                    $"{name} answered {response.StatusCode} to {who}.");
            }
            await AssertRevealsNothingAsync(name, response);
        }
    }

    private async Task AssertRevealsNothingAsync(string name, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Length > 0 && JsonNode.Parse(body) is JsonObject json)
        {
            // A problem's "instance" echoes the path the caller sent herself; it tells her nothing new.
            json.Remove("instance");
            body = json.ToJsonString();
        }
        foreach (var secret in new[] { _serial, _deviceId.ToString(), _beneficiaryId.ToString(), _association.ToString() })
        {
            Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{name} revealed {secret}: {body}");
        }
    }
}
