using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Contracts;
using static Platform.Alerts.Tests.AlertScenarios;

namespace Platform.Alerts.Tests;

public sealed class ValidatingAPress
{
    [Fact]
    public void A_complete_press_is_valid()
    {
        Assert.Empty(TriggerAlertSlice.Validate(Press(), PressId));
    }

    [Theory]
    [InlineData(90.0, 180.0)]
    [InlineData(-90.0, -180.0)]
    [InlineData(0.0, 0.0)]
    public void Positions_at_the_edges_of_the_globe_are_valid(double latitude, double longitude)
    {
        Assert.Empty(TriggerAlertSlice.Validate(Press(Location(latitude, longitude)), PressId));
    }

    [Theory]
    [InlineData(91.0)]
    [InlineData(-90.5)]
    [InlineData(double.NaN)]
    [InlineData(null)]
    public void A_latitude_outside_minus_90_to_90_is_refused(double? latitude)
    {
        var errors = TriggerAlertSlice.Validate(Press(Location(latitude: latitude)), PressId);

        Assert.Equal(["location.latitude"], errors.Keys);
    }

    [Theory]
    [InlineData(-181.0)]
    [InlineData(180.5)]
    [InlineData(double.NaN)]
    [InlineData(null)]
    public void A_longitude_outside_minus_180_to_180_is_refused(double? longitude)
    {
        var errors = TriggerAlertSlice.Validate(Press(Location(longitude: longitude)), PressId);

        Assert.Equal(["location.longitude"], errors.Keys);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100_000.1)]
    [InlineData(null)]
    public void An_accuracy_below_zero_or_beyond_100_km_is_refused(double? accuracyMeters)
    {
        var errors = TriggerAlertSlice.Validate(Press(Location(accuracyMeters: accuracyMeters)), PressId);

        Assert.Equal(["location.accuracyMeters"], errors.Keys);
    }

    [Fact]
    public void A_press_without_a_location_is_refused()
    {
        var errors = TriggerAlertSlice.Validate(new TriggerAlert(DeviceId, PressPattern.SingleClick, null), PressId);

        Assert.Equal(["location"], errors.Keys);
    }

    [Fact]
    public void A_press_without_a_press_pattern_is_refused()
    {
        var errors = TriggerAlertSlice.Validate(Press(pressPattern: null), PressId);

        Assert.Equal(["pressPattern"], errors.Keys);
    }

    [Fact]
    public void A_press_pattern_the_button_cannot_produce_is_refused()
    {
        var errors = TriggerAlertSlice.Validate(Press(pressPattern: (PressPattern)42), PressId);

        Assert.Equal(["pressPattern"], errors.Keys);
    }

    [Fact]
    public void A_press_without_a_device_is_refused()
    {
        Assert.Equal(["deviceId"], TriggerAlertSlice.Validate(Press() with { DeviceId = null }, PressId).Keys);
        Assert.Equal(["deviceId"], TriggerAlertSlice.Validate(Press() with { DeviceId = Guid.Empty }, PressId).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_press_without_its_idempotency_key_is_refused(string? pressId)
    {
        var errors = TriggerAlertSlice.Validate(Press(), pressId);

        Assert.Equal(["Idempotency-Key"], errors.Keys);
    }

    [Fact]
    public void An_idempotency_key_may_be_128_characters_but_not_129()
    {
        Assert.Empty(TriggerAlertSlice.Validate(Press(), new string('k', TriggerAlertSlice.MaxPressIdLength)));
        Assert.Equal(["Idempotency-Key"], TriggerAlertSlice.Validate(Press(), new string('k', 129)).Keys);
    }
}
