using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Api.Devices;
using Platform.Devices.Contracts;
using Platform.Testing;

namespace Platform.Alerts.Api.Tests;

public sealed class AlertsHost() : ServiceHost<Program>("alerts")
{
    /// <summary>A beneficiary whose button the devices service paired, as the alerts service learns it: by an event.</summary>
    public async Task<PairedBeneficiary> PairedBeneficiaryAsync()
    {
        var (associationId, beneficiaryId, deviceId) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await PublishAsync(new DevicePaired(Guid.CreateVersion7(), DateTimeOffset.UtcNow, associationId, deviceId, beneficiaryId));
        var store = Services.GetRequiredService<IDocumentStore>();
        await Eventually.TrueAsync(async () =>
        {
            await using var session = store.QuerySession(associationId.ToString());
            return await session.LoadAsync<PairedDevice>(deviceId) is not null;
        }, "the pairing to reach the alerts service");
        return new PairedBeneficiary(associationId, beneficiaryId, deviceId, ClientWithToken(Tokens.Beneficiary(associationId, beneficiaryId)));
    }
}

public sealed record PairedBeneficiary(Guid AssociationId, Guid BeneficiaryId, Guid DeviceId, HttpClient She);
