using Marten;
using MassTransit;
using Platform.Devices.Contracts;

namespace Platform.Alerts.Api.Devices;

/// <summary>This service's own copy of which button belongs to whom, kept from the devices service's events.</summary>
public sealed record PairedDevice(Guid Id, Guid BeneficiaryId);

public sealed class DevicePairedConsumer(IDocumentStore store) : IConsumer<DevicePaired>
{
    // Storing the same pairing twice is harmless, so redelivery needs no bookkeeping here.
    public async Task Consume(ConsumeContext<DevicePaired> context)
    {
        var paired = context.Message;
        await using var session = store.LightweightSession(paired.AssociationId.ToString());
        session.Store(new PairedDevice(paired.DeviceId, paired.BeneficiaryId));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
