using Platform.Devices.Api.Devices;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class EvolvingADevice
{
    private static readonly Guid DeviceId = Device.IdFor(Serial);

    [Fact]
    public void Provisioning_makes_a_device_assigned_to_the_association_and_to_nobody_yet()
    {
        var device = DeviceEvolution.Evolve(null, new DeviceProvisioned(DeviceId, Serial, "Flic 2", Association, Now));

        Assert.Equal(new Device(DeviceId, Serial, "Flic 2", Association, DeviceStatus.Assigned, null), device);
    }

    [Fact]
    public void Pairing_makes_the_device_hers()
    {
        var device = DeviceEvolution.Evolve(Assigned(), new DevicePairedToBeneficiary(DeviceId, Association, Beneficiary, Now));

        Assert.Equal(DeviceStatus.Paired, device!.Status);
        Assert.Equal(Beneficiary, device.BeneficiaryId);
    }

    [Fact]
    public void The_stream_folds_into_the_device_as_its_events_say()
    {
        object[] history =
        [
            new DeviceProvisioned(DeviceId, Serial, "Flic 2", Association, Now),
            new DevicePairedToBeneficiary(DeviceId, Association, Beneficiary, Now.AddMinutes(5)),
        ];

        var device = history.Aggregate(default(Device), DeviceEvolution.Evolve);

        Assert.Equal(new Device(DeviceId, Serial, "Flic 2", Association, DeviceStatus.Paired, Beneficiary), device);
    }

    [Fact]
    public void A_pairing_without_a_provisioning_before_it_makes_no_device()
    {
        var device = DeviceEvolution.Evolve(null, new DevicePairedToBeneficiary(DeviceId, Association, Beneficiary, Now));

        Assert.Null(device);
    }

    [Fact]
    public void A_second_provisioning_does_not_undo_a_pairing()
    {
        var paired = PairedTo(Beneficiary);

        var device = DeviceEvolution.Evolve(paired, new DeviceProvisioned(DeviceId, Serial, "Flic 2", Association, Now));

        Assert.Equal(paired, device);
    }

    [Fact]
    public void An_event_the_device_does_not_know_leaves_it_unchanged()
    {
        var assigned = Assigned();

        Assert.Equal(assigned, DeviceEvolution.Evolve(assigned, new object()));
    }
}
