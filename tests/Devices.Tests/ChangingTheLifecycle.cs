using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Pairing;
using Platform.Devices.Api.Devices.Revoking;
using Platform.Devices.Api.Devices.Unpairing;
using Platform.ServiceDefaults;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class UnpairingADevice
{
    [Fact]
    public void A_paired_device_is_unpaired_from_its_beneficiary()
    {
        var device = PairedTo(Beneficiary);

        var events = UnpairDeviceSlice.Decide(device, Now);

        Assert.Equal(new DeviceUnpairedFromBeneficiary(device.Id, Association, Beneficiary, Now), Assert.Single(events));
        var unpaired = DeviceEvolution.Evolve(device, events[0]);
        Assert.Equal(DeviceStatus.Unpaired, unpaired!.Status);
        Assert.Null(unpaired.BeneficiaryId);
    }

    [Fact]
    public void Unpairing_a_device_paired_to_nobody_changes_nothing()
    {
        Assert.Empty(UnpairDeviceSlice.Decide(Assigned(), Now));
        Assert.Empty(UnpairDeviceSlice.Decide(Assigned() with { Status = DeviceStatus.Unpaired }, Now));
    }

    [Fact]
    public void An_unpaired_device_may_be_paired_to_another_beneficiary()
    {
        var unpaired = Assigned() with { Status = DeviceStatus.Unpaired };

        var events = PairDeviceSlice.Decide(unpaired, OtherBeneficiary, Enrolled(OtherBeneficiary), Now);

        Assert.Equal(OtherBeneficiary, Assert.IsType<DevicePairedToBeneficiary>(Assert.Single(events)).BeneficiaryId);
    }

    [Fact]
    public void A_revoked_device_cannot_be_unpaired()
    {
        var refusal = Assert.Throws<ProblemException>(() => UnpairDeviceSlice.Decide(Lost(), Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(PairDeviceSlice.RevokedProblem, refusal.Type);
    }
}

public sealed class RevokingADevice
{
    [Fact]
    public void A_paired_device_reported_lost_is_revoked_naming_the_beneficiary_it_was_paired_to()
    {
        var device = PairedTo(Beneficiary);

        var events = RevokeDeviceSlice.Decide(device, RevocationReason.Lost, Now);

        Assert.Equal(new DeviceReportedLost(device.Id, Association, Beneficiary, Now), Assert.Single(events));
        var lost = DeviceEvolution.Evolve(device, events[0]);
        Assert.Equal(DeviceStatus.Lost, lost!.Status);
        Assert.Null(lost.BeneficiaryId);
    }

    [Fact]
    public void A_device_in_stock_may_be_retired()
    {
        var events = RevokeDeviceSlice.Decide(Assigned(), RevocationReason.Retired, Now);

        Assert.Equal(new DeviceRetired(Assigned().Id, Association, null, Now), Assert.Single(events));
    }

    [Fact]
    public void The_same_report_again_changes_nothing()
    {
        Assert.Empty(RevokeDeviceSlice.Decide(Lost(), RevocationReason.Lost, Now));
        Assert.Empty(RevokeDeviceSlice.Decide(Retired(), RevocationReason.Retired, Now));
    }

    [Fact]
    public void A_lost_device_cannot_be_retired_nor_a_retired_one_lost()
    {
        Assert.Equal(409, Assert.Throws<ProblemException>(() => RevokeDeviceSlice.Decide(Lost(), RevocationReason.Retired, Now)).Status);
        Assert.Equal(409, Assert.Throws<ProblemException>(() => RevokeDeviceSlice.Decide(Retired(), RevocationReason.Lost, Now)).Status);
    }

    [Theory]
    [InlineData(DeviceStatus.Lost)]
    [InlineData(DeviceStatus.Retired)]
    public void A_lost_or_retired_device_can_never_be_paired_again(DeviceStatus status)
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            PairDeviceSlice.Decide(Assigned() with { Status = status }, Beneficiary, Enrolled(Beneficiary), Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(PairDeviceSlice.RevokedProblem, refusal.Type);
    }
}
