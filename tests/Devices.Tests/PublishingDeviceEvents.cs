using JasperFx.Events;
using Platform.Devices.Api;
using Platform.Devices.Api.Devices;
using static Platform.Devices.Tests.DeviceScenarios;
using Contract = Platform.Devices.Contracts;

namespace Platform.Devices.Tests;

public sealed class PublishingDeviceEvents
{
    private static readonly Guid DeviceId = Device.IdFor(Serial);

    [Fact]
    public void A_pairing_is_published_as_DevicePaired_whose_event_id_is_the_message_id()
    {
        var committed = Committed(new DevicePairedToBeneficiary(DeviceId, Association, Beneficiary, Now));

        var outgoing = Assert.Single(DevicesOutbox.Map(committed));

        var paired = Assert.IsType<Contract.DevicePaired>(outgoing.Message);
        Assert.Equal(new Contract.DevicePaired(outgoing.MessageId, Now, Association, DeviceId, Beneficiary), paired);
    }

    [Fact]
    public void The_same_committed_event_is_always_published_under_the_same_message_id()
    {
        var eventId = Guid.NewGuid();
        var data = new DevicePairedToBeneficiary(DeviceId, Association, Beneficiary, Now);

        var first = Assert.Single(DevicesOutbox.Map(Committed(data, eventId)));
        var again = Assert.Single(DevicesOutbox.Map(Committed(data, eventId)));
        var other = Assert.Single(DevicesOutbox.Map(Committed(data, Guid.NewGuid())));

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, other.MessageId);
    }

    [Fact]
    public void A_provisioning_is_not_published()
    {
        var committed = Committed(new DeviceProvisioned(DeviceId, Serial, "Flic 2", Association, Now));

        Assert.Empty(DevicesOutbox.Map(committed));
    }

    [Fact]
    public void An_unpairing_is_published_as_DeviceUnpaired()
    {
        var outgoing = Assert.Single(DevicesOutbox.Map(Committed(new DeviceUnpairedFromBeneficiary(DeviceId, Association, Beneficiary, Now))));

        Assert.Equal(new Contract.DeviceUnpaired(outgoing.MessageId, Now, Association, DeviceId, Beneficiary), outgoing.Message);
    }

    [Fact]
    public void A_loss_and_a_retirement_are_published_as_DeviceRevoked_with_their_reason()
    {
        var lost = Assert.Single(DevicesOutbox.Map(Committed(new DeviceReportedLost(DeviceId, Association, Beneficiary, Now))));
        var retired = Assert.Single(DevicesOutbox.Map(Committed(new DeviceRetired(DeviceId, Association, null, Now))));

        Assert.Equal(new Contract.DeviceRevoked(lost.MessageId, Now, Association, DeviceId, Beneficiary, Contract.DeviceRevocationReason.Lost),
            lost.Message);
        Assert.Equal(new Contract.DeviceRevoked(retired.MessageId, Now, Association, DeviceId, null, Contract.DeviceRevocationReason.Retired),
            retired.Message);
    }

    [Fact]
    public void A_low_battery_is_published_as_DeviceBatteryLow()
    {
        var outgoing = Assert.Single(DevicesOutbox.Map(Committed(new DeviceBatteryRanLow(DeviceId, Association, Beneficiary, 15, 40, Now))));

        Assert.Equal(new Contract.DeviceBatteryLow(outgoing.MessageId, Now, Association, DeviceId, Beneficiary, 15, 40), outgoing.Message);
    }

    [Fact]
    public void A_silence_is_published_as_DeviceWentSilent_with_the_last_contact()
    {
        var lastContact = Now.AddHours(-12);
        var outgoing = Assert.Single(DevicesOutbox.Map(Committed(new DeviceFellSilent(DeviceId, Association, Beneficiary, lastContact, Now))));

        Assert.Equal(new Contract.DeviceWentSilent(outgoing.MessageId, Now, Association, DeviceId, Beneficiary, lastContact), outgoing.Message);
    }

    private static Event<T> Committed<T>(T data, Guid? id = null)
        where T : notnull =>
        new(data) { Id = id ?? Guid.NewGuid(), Version = 2, StreamId = DeviceId };
}
