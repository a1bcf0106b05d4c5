using Marten;
using MassTransit;
using Platform.Devices.Contracts;

namespace Platform.Alerts.Api.Devices;

/// <summary>
/// This service's own copy of which button belongs to whom, kept from the devices service's events. A revoked button
/// (reported lost, or retired) stays here, marked, so its presses are refused and recorded rather than unknown.
/// </summary>
public sealed record PairedDevice(Guid Id, Guid BeneficiaryId, DeviceRevocationReason? RevokedAs = null);

public sealed class DeviceLifecycleConsumer(IDocumentStore store) : IConsumer<DevicePaired>, IConsumer<DeviceUnpaired>, IConsumer<DeviceRevoked>
{
    public async Task Consume(ConsumeContext<DevicePaired> context)
    {
        var paired = context.Message;
        await using var session = store.LightweightSession(paired.AssociationId.ToString());
        // Revocation is final: a pairing delivered late must not bring a lost button back.
        if (await session.LoadAsync<PairedDevice>(paired.DeviceId, context.CancellationToken) is { RevokedAs: not null })
        {
            return;
        }
        session.Store(new PairedDevice(paired.DeviceId, paired.BeneficiaryId));
        await session.SaveChangesAsync(context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<DeviceUnpaired> context)
    {
        var unpaired = context.Message;
        await using var session = store.LightweightSession(unpaired.AssociationId.ToString());
        if (await session.LoadAsync<PairedDevice>(unpaired.DeviceId, context.CancellationToken) is { RevokedAs: null } device
            && device.BeneficiaryId == unpaired.BeneficiaryId)
        {
            session.Delete(device);
            await session.SaveChangesAsync(context.CancellationToken);
        }
    }

    public async Task Consume(ConsumeContext<DeviceRevoked> context)
    {
        var revoked = context.Message;
        await using var session = store.LightweightSession(revoked.AssociationId.ToString());
        var known = await session.LoadAsync<PairedDevice>(revoked.DeviceId, context.CancellationToken);
        session.Store(new PairedDevice(revoked.DeviceId, revoked.BeneficiaryId ?? known?.BeneficiaryId ?? Guid.Empty, revoked.Reason));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
