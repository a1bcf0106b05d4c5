using JasperFx.Events;
using Platform.Devices.Api.Devices;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Devices.Contracts;

namespace Platform.Devices.Api;

/// <summary>What the devices service tells others.</summary>
public sealed class DevicesOutbox : IPureIntegrationEventMapper<DevicesOutbox>
{
    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed)
    {
        var id = DeterministicIds.From(committed.Id, committed.Data.GetType().Name);
        return committed.Data switch
        {
            DevicePairedToBeneficiary paired =>
                [new(id, new Contract.DevicePaired(id, paired.At, paired.AssociationId, paired.DeviceId, paired.BeneficiaryId))],
            DeviceUnpairedFromBeneficiary unpaired =>
                [new(id, new Contract.DeviceUnpaired(id, unpaired.At, unpaired.AssociationId, unpaired.DeviceId, unpaired.BeneficiaryId))],
            DeviceReportedLost lost =>
                [new(id, new Contract.DeviceRevoked(id, lost.At, lost.AssociationId, lost.DeviceId, lost.BeneficiaryId,
                    Contract.DeviceRevocationReason.Lost))],
            DeviceRetired retired =>
                [new(id, new Contract.DeviceRevoked(id, retired.At, retired.AssociationId, retired.DeviceId, retired.BeneficiaryId,
                    Contract.DeviceRevocationReason.Retired))],
            DeviceBatteryRanLow low =>
                [new(id, new Contract.DeviceBatteryLow(id, low.At, low.AssociationId, low.DeviceId, low.BeneficiaryId,
                    low.ButtonBatteryPercent, low.PhoneBatteryPercent))],
            ButtonLinkLost lost =>
                [new(id, new Contract.DeviceLinkLost(id, lost.At, lost.AssociationId, lost.DeviceId, lost.BeneficiaryId, lost.UnlinkedSince))],
            DeviceFellSilent silent =>
                [new(id, new Contract.DeviceWentSilent(id, silent.At, silent.AssociationId, silent.DeviceId, silent.BeneficiaryId,
                    silent.LastContactAt))],
            _ => [],
        };
    }
}
