using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Provisioning;
using Platform.ServiceDefaults;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class ProvisioningADevice
{
    [Fact]
    public void A_new_serial_is_provisioned_to_the_association_at_the_given_time()
    {
        var events = ProvisionDeviceSlice.Decide(Provision(model: "  Flic 2  "), Registered, existing: null, Now);

        var provisioned = Assert.IsType<DeviceProvisioned>(Assert.Single(events));
        Assert.Equal(new DeviceProvisioned(Device.IdFor(Serial), Serial, "Flic 2", Association, Now), provisioned);
    }

    [Fact]
    public void The_serial_is_stored_upper_case_and_names_the_same_stream_whatever_its_case()
    {
        var events = ProvisionDeviceSlice.Decide(Provision(serial: "btn-0001"), Registered, existing: null, Now);

        var provisioned = Assert.IsType<DeviceProvisioned>(Assert.Single(events));
        Assert.Equal(Serial, provisioned.Serial);
        Assert.Equal(Device.IdFor(Serial), provisioned.DeviceId);
    }

    [Fact]
    public void Provisioning_again_for_the_same_association_changes_nothing()
    {
        var events = ProvisionDeviceSlice.Decide(Provision(), Registered, Assigned(), Now);

        Assert.Empty(events);
    }

    [Fact]
    public void Provisioning_again_once_paired_changes_nothing()
    {
        var events = ProvisionDeviceSlice.Decide(Provision(), Registered, PairedTo(Beneficiary), Now);

        Assert.Empty(events);
    }

    [Fact]
    public void A_serial_already_given_to_another_association_is_a_conflict()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            ProvisionDeviceSlice.Decide(Provision(associationId: OtherAssociation), OtherRegistered, Assigned(), Now));

        Assert.Equal(409, refusal.Status);
        Assert.Equal(ProvisionDeviceSlice.SerialTakenProblem, refusal.Type);
    }

    [Fact]
    public void An_association_never_registered_is_unprocessable()
    {
        var refusal = Assert.Throws<ProblemException>(() => ProvisionDeviceSlice.Decide(Provision(), association: null, existing: null, Now));

        Assert.Equal(422, refusal.Status);
        Assert.Equal(ProvisionDeviceSlice.UnknownAssociationProblem, refusal.Type);
    }

    [Fact]
    public void The_batch_of_a_delivery_is_kept_with_the_device()
    {
        var events = ProvisionDeviceSlice.Decide(Provision(), Registered, existing: null, Now, batch: "2025-03");

        var device = events.Aggregate(default(Device), DeviceEvolution.Evolve);
        Assert.Equal("2025-03", device!.Batch);
    }

    [Fact]
    public void Different_serials_name_different_devices()
    {
        Assert.NotEqual(Device.IdFor("BTN-0001"), Device.IdFor("BTN-0002"));
    }

    [Fact]
    public void The_same_serial_always_names_the_same_device()
    {
        Assert.Equal(Device.IdFor(Serial), Device.IdFor(Serial));
    }
}

public sealed class ValidatingAProvisioning
{
    [Theory]
    [InlineData("ABCD")]
    [InlineData("btn-0001")]
    [InlineData("0123456789012345678901234567890123456789")]
    public void A_serial_of_4_to_40_letters_digits_or_dashes_is_valid(string serial)
    {
        var errors = ProvisionDeviceSlice.Validate(Provision(serial: serial));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ABC")]
    [InlineData("01234567890123456789012345678901234567890")]
    [InlineData("BTN 0001")]
    [InlineData("BTN_0001")]
    [InlineData("BTN/0001")]
    [InlineData("BTN-é001")]
    public void Any_other_serial_is_refused(string? serial)
    {
        var errors = ProvisionDeviceSlice.Validate(Provision(serial: serial));

        Assert.Equal(["serial"], errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void A_model_is_required(string? model)
    {
        var errors = ProvisionDeviceSlice.Validate(Provision(model: model));

        Assert.Equal(["model"], errors.Keys);
    }

    [Fact]
    public void A_model_name_longer_than_100_characters_is_refused()
    {
        Assert.Empty(ProvisionDeviceSlice.Validate(Provision(model: new string('m', 100))));
        Assert.Equal(["model"], ProvisionDeviceSlice.Validate(Provision(model: new string('m', 101))).Keys);
    }

    [Fact]
    public void The_receiving_association_is_required()
    {
        var errors = ProvisionDeviceSlice.Validate(new ProvisionDevice(Serial, "Flic 2", null));

        Assert.Equal(["associationId"], errors.Keys);
    }

    [Fact]
    public void An_empty_association_id_is_refused()
    {
        var errors = ProvisionDeviceSlice.Validate(new ProvisionDevice(Serial, "Flic 2", Guid.Empty));

        Assert.Equal(["associationId"], errors.Keys);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = ProvisionDeviceSlice.Validate(new ProvisionDevice(null, null, null));

        Assert.Equal(["associationId", "model", "serial"], errors.Keys.Order());
    }
}
