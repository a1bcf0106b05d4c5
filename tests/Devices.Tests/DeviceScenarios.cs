using Platform.Devices.Api.Associations;
using Platform.Devices.Api.Beneficiaries;
using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Provisioning;

namespace Platform.Devices.Tests;

/// <summary>The facts the device rules are tested against: time is data, never the clock.</summary>
internal static class DeviceScenarios
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 21, 30, 0, TimeSpan.Zero);
    public static readonly Guid Association = new("0b4c1e4a-0000-4000-8000-000000000001");
    public static readonly Guid OtherAssociation = new("0b4c1e4a-0000-4000-8000-000000000002");
    public static readonly Guid Beneficiary = new("be7e0000-0000-4000-8000-000000000001");
    public static readonly Guid OtherBeneficiary = new("be7e0000-0000-4000-8000-000000000002");
    public const string Serial = "BTN-0001";

    public static readonly Association Registered = new(Association, "CIDFF-69", "CIDFF du Rhône");
    public static readonly Association OtherRegistered = new(OtherAssociation, "FSF-63", "France Victimes 63");

    public static ProvisionDevice Provision(string? serial = Serial, string? model = "Flic 2", Guid? associationId = null) =>
        new(serial, model, associationId ?? Association);

    public static Device Assigned(Guid? associationId = null) =>
        new(Device.IdFor(Serial), Serial, "Flic 2", associationId ?? Association, DeviceStatus.Assigned, null);

    public static Device PairedTo(Guid beneficiaryId) =>
        Assigned() with { Status = DeviceStatus.Paired, BeneficiaryId = beneficiaryId };

    public static Device Lost() => Assigned() with { Status = DeviceStatus.Lost };

    public static Device Retired() => Assigned() with { Status = DeviceStatus.Retired };

    public static KnownBeneficiary Enrolled(Guid beneficiaryId, Guid? associationId = null) =>
        new(beneficiaryId, associationId ?? Association);
}
