using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Platform.Contacts.Contracts;
using Platform.Devices.Api.Beneficiaries;
using Platform.Testing;
using System.Net;

namespace Platform.Devices.Api.Tests;

public class DevicesHost() : ServiceHost<Program>("devices")
{
    public HttpClient Admin() => ClientWithToken(Tokens.Admin());

    public HttpClient OperatorOf(Guid associationId) => ClientWithToken(Tokens.Operator(associationId));

    public HttpClient BeneficiaryOf(Guid associationId, Guid beneficiaryId) => ClientWithToken(Tokens.Beneficiary(associationId, beneficiaryId));

    /// <summary>The code an association gets in these tests: derived from its id, so registering again is a no-op.</summary>
    public static string CodeOf(Guid associationId) => $"T-{associationId:N}"[..30].ToUpperInvariant();

    /// <summary>An association the region's admin made known to the fleet.</summary>
    public async Task<Guid> RegisteredAssociationAsync(Guid? associationId = null)
    {
        var id = associationId ?? Guid.CreateVersion7();
        using var admin = Admin();
        using var response = await admin.SendAsync(DeviceRequests.RegisterAssociation(id, CodeOf(id), $"Association {id:N}"));
        Assert.True(response.IsSuccessStatusCode, $"Registering the association answered {response.StatusCode}.");
        return id;
    }

    /// <summary>A beneficiary the contacts service enrolled, as the devices service learns it: by an event.</summary>
    public async Task<Guid> EnrolledBeneficiaryAsync(Guid associationId)
    {
        var beneficiaryId = Guid.CreateVersion7();
        var enrolled = new BeneficiaryEnrolled(Guid.CreateVersion7(), DateTimeOffset.UtcNow, associationId, beneficiaryId);
        await PublishAsync(enrolled, enrolled.EventId);
        var store = Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession();
            return await session.LoadAsync<KnownBeneficiary>(beneficiaryId) is not null;
        }, "the enrolment to reach the devices service");
        return beneficiaryId;
    }

    /// <summary>A button an admin handed to the association (registered on the way if it was not), not yet paired.</summary>
    public async Task<Guid> ProvisionedDeviceAsync(Guid associationId, string? serial = null)
    {
        await RegisteredAssociationAsync(associationId);
        using var admin = Admin();
        using var response = await admin.SendAsync(DeviceRequests.Provision(serial ?? DeviceRequests.NewSerial(), associationId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }

    /// <summary>A button an operator of the association paired to a beneficiary it supports.</summary>
    public async Task<(Guid DeviceId, Guid BeneficiaryId)> PairedDeviceAsync(Guid associationId)
    {
        var beneficiaryId = await EnrolledBeneficiaryAsync(associationId);
        var deviceId = await ProvisionedDeviceAsync(associationId);
        using var @operator = OperatorOf(associationId);
        using var response = await @operator.SendAsync(DeviceRequests.Pair(deviceId, beneficiaryId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (deviceId, beneficiaryId);
    }
}

/// <summary>A devices host whose clock the test moves: silence is found by moving time, never by waiting.</summary>
public sealed class DevicesHostOnFakeTime : DevicesHost
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
