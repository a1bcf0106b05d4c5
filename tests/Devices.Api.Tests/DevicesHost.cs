using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contacts.Contracts;
using Platform.Devices.Api.Beneficiaries;
using Platform.Testing;
using System.Net;

namespace Platform.Devices.Api.Tests;

public sealed class DevicesHost() : ServiceHost<Program>("devices")
{
    public HttpClient Admin() => ClientWithToken(Tokens.Admin());

    public HttpClient OperatorOf(Guid associationId) => ClientWithToken(Tokens.Operator(associationId));

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

    /// <summary>A button an admin handed to the association, not yet paired.</summary>
    public async Task<Guid> ProvisionedDeviceAsync(Guid associationId)
    {
        using var admin = Admin();
        using var response = await admin.SendAsync(DeviceRequests.Provision(DeviceRequests.NewSerial(), associationId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["id"]!.GetValue<Guid>();
    }
}
