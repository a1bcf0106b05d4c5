using System.Net;
using static Platform.Devices.Api.Tests.DeviceRequests;

namespace Platform.Devices.Api.Tests;

public sealed class ScratchRace(DevicesHost host) : IClassFixture<DevicesHost>
{
    [Fact]
    public async Task Concurrent_provisioning()
    {
        var associationId = Guid.CreateVersion7();
        var codes = new List<HttpStatusCode>();
        for (var round = 0; round < 10; round++)
        {
            var serial = NewSerial();
            var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                using var admin = host.Admin();
                using var r = await admin.SendAsync(Provision(serial, associationId));
                return r.StatusCode;
            }));
            codes.AddRange(responses);
        }
        Assert.Fail(string.Join(",", codes.GroupBy(c => c).Select(g => $"{g.Key}={g.Count()}")));
    }

    [Fact]
    public async Task Concurrent_pairing()
    {
        var codes = new List<HttpStatusCode>();
        for (var round = 0; round < 10; round++)
        {
            var associationId = Guid.CreateVersion7();
            var beneficiaryId = await host.EnrolledBeneficiaryAsync(associationId);
            var deviceId = await host.ProvisionedDeviceAsync(associationId);
            var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
            {
                using var op = host.OperatorOf(associationId);
                using var r = await op.SendAsync(Pair(deviceId, beneficiaryId));
                return r.StatusCode;
            }));
            codes.AddRange(responses);
        }
        Assert.Fail(string.Join(",", codes.GroupBy(c => c).Select(g => $"{g.Key}={g.Count()}")));
    }
}
