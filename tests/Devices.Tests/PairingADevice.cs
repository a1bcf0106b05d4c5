using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Pairing;
using Platform.ServiceDefaults;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class PairingADevice
{
    [Fact]
    public void An_assigned_device_is_paired_to_a_beneficiary_of_its_association()
    {
        var device = Assigned();

        var events = PairDeviceSlice.Decide(device, Beneficiary, Enrolled(Beneficiary), Now);

        var paired = Assert.IsType<DevicePairedToBeneficiary>(Assert.Single(events));
        Assert.Equal(new DevicePairedToBeneficiary(device.Id, Association, Beneficiary, Now), paired);
    }

    [Fact]
    public void A_beneficiary_this_service_does_not_know_is_unprocessable()
    {
        var refusal = Assert.Throws<ProblemException>(() => PairDeviceSlice.Decide(Assigned(), Beneficiary, beneficiary: null, Now));

        Assert.Equal(422, refusal.Status);
        Assert.Equal(PairDeviceSlice.BeneficiaryUnknownProblem, refusal.Type);
    }

    [Fact]
    public void A_beneficiary_of_another_association_is_unprocessable()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            PairDeviceSlice.Decide(Assigned(), Beneficiary, Enrolled(Beneficiary, OtherAssociation), Now));

        Assert.Equal(422, refusal.Status);
        Assert.Equal(PairDeviceSlice.BeneficiaryUnknownProblem, refusal.Type);
    }

    [Fact]
    public void Pairing_again_to_the_same_beneficiary_changes_nothing()
    {
        var events = PairDeviceSlice.Decide(PairedTo(Beneficiary), Beneficiary, Enrolled(Beneficiary), Now);

        Assert.Empty(events);
    }

    [Fact]
    public void A_device_paired_to_someone_else_is_a_conflict()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            PairDeviceSlice.Decide(PairedTo(OtherBeneficiary), Beneficiary, Enrolled(Beneficiary), Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(PairDeviceSlice.AlreadyPairedProblem, refusal.Type);
    }
}
