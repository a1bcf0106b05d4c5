using Platform.Alerts.Api.Alerts;
using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;
using AlertTriggered = Platform.Alerts.Api.Alerts.AlertTriggered;

namespace Platform.Alerts.Tests;

public sealed class TriggeringAnAlert
{
    [Fact]
    public void A_press_from_her_paired_button_triggers_an_alert_where_she_is()
    {
        var triggered = TriggerAlertSlice.Decide(Press(), PressId, Association, Beneficiary, HerButton(), Now);

        Assert.Equal(new AlertTriggered(Alert.IdFor(Association, Beneficiary, PressId), Association, Beneficiary, DeviceId,
            PressPattern.DoubleClick, new Position(45.7772, 3.0870, 12.5, Captured), PressId, Now), triggered);
    }

    [Fact]
    public void A_position_without_its_capture_time_is_taken_as_captured_now()
    {
        var triggered = TriggerAlertSlice.Decide(Press(Location() with { CapturedAt = null }), PressId, Association, Beneficiary,
            HerButton(), Now);

        Assert.Equal(Now, triggered.Location.CapturedAt);
    }

    [Fact]
    public void A_button_this_service_does_not_know_as_paired_is_unprocessable()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            TriggerAlertSlice.Decide(Press(), PressId, Association, Beneficiary, device: null, Now));

        Assert.Equal(422, refusal.Status);
        Assert.Equal(TriggerAlertSlice.UnknownDeviceProblem, refusal.Type);
    }

    [Fact]
    public void A_button_paired_to_someone_else_is_unprocessable()
    {
        var refusal = Assert.Throws<ProblemException>(() =>
            TriggerAlertSlice.Decide(Press(), PressId, Association, Beneficiary, new PairedDevice(DeviceId, OtherBeneficiary), Now));

        Assert.Equal(422, refusal.Status);
        Assert.Equal(TriggerAlertSlice.UnknownDeviceProblem, refusal.Type);
    }
}

public sealed class IdentifyingAnAlert
{
    [Fact]
    public void The_same_press_of_the_same_beneficiary_is_the_same_alert()
    {
        Assert.Equal(Alert.IdFor(Association, Beneficiary, PressId), Alert.IdFor(Association, Beneficiary, PressId));
    }

    [Fact]
    public void Another_press_is_another_alert()
    {
        Assert.NotEqual(Alert.IdFor(Association, Beneficiary, PressId), Alert.IdFor(Association, Beneficiary, "press-0002"));
    }

    [Fact]
    public void The_same_press_id_from_another_beneficiary_is_another_alert()
    {
        Assert.NotEqual(Alert.IdFor(Association, Beneficiary, PressId), Alert.IdFor(Association, OtherBeneficiary, PressId));
    }

    [Fact]
    public void The_same_press_id_in_another_association_is_another_alert()
    {
        Assert.NotEqual(Alert.IdFor(Association, Beneficiary, PressId), Alert.IdFor(OtherAssociation, Beneficiary, PressId));
    }
}
