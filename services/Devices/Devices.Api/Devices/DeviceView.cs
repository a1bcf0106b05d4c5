namespace Platform.Devices.Api.Devices;

public sealed record DeviceView(Guid Id, string Serial, string Model, Guid AssociationId, DeviceStatus Status, Guid? BeneficiaryId)
{
    public static DeviceView From(Device device) =>
        new(device.Id, device.Serial, device.Model, device.AssociationId, device.Status, device.BeneficiaryId);
}
