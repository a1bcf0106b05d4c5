using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Health;
using static Platform.Devices.Tests.DeviceScenarios;

namespace Platform.Devices.Tests;

public sealed class ReportingHeartbeats
{
    private const int Threshold = 20;
    private static readonly Device Paired = PairedTo(Beneficiary);

    private static ReportHeartbeat Beat(int button, int? phone = 80) => new(button, phone, "2.4.1", true, Now.AddSeconds(-3));

    private static (DeviceHealth Health, IReadOnlyList<object> Events) Report(DeviceHealth? health, ReportHeartbeat beat, DateTimeOffset? at = null) =>
        ReportHeartbeatSlice.Decide(Paired, health, beat, at ?? Now, Threshold);

    [Fact]
    public void A_heartbeat_records_the_contact_at_the_servers_time_and_what_the_app_reported()
    {
        var (health, events) = Report(null, Beat(85, 60), Now);

        Assert.Empty(events);
        Assert.Equal(new DeviceHealth(Paired.Id, Association, Beneficiary, Now, 85, 60, "2.4.1", true, Now.AddSeconds(-3)), health);
    }

    [Fact]
    public void A_battery_falling_below_the_threshold_is_reported_once_per_drop()
    {
        var (healthy, _) = Report(null, Beat(50));
        var (low, first) = Report(healthy, Beat(19), Now.AddHours(1));
        var (stillLow, second) = Report(low, Beat(12), Now.AddHours(2));

        var ranLow = Assert.IsType<DeviceBatteryRanLow>(Assert.Single(first));
        Assert.Equal(new DeviceBatteryRanLow(Paired.Id, Association, Beneficiary, 19, 80, Now.AddHours(1)), ranLow);
        Assert.Empty(second);
        Assert.True(stillLow.BatteryLowReported);
    }

    [Fact]
    public void A_battery_that_recovered_above_the_threshold_is_reported_again_on_its_next_drop()
    {
        var (low, _) = Report(null, Beat(10));
        var (recovered, none) = Report(low, Beat(Threshold));
        var (_, again) = Report(recovered, Beat(5));

        Assert.Empty(none);
        Assert.False(recovered.BatteryLowReported);
        Assert.IsType<DeviceBatteryRanLow>(Assert.Single(again));
    }

    [Fact]
    public void Her_phone_running_low_is_a_low_battery_too()
    {
        var (_, events) = Report(null, Beat(90, phone: 8));

        var ranLow = Assert.IsType<DeviceBatteryRanLow>(Assert.Single(events));
        Assert.Equal(90, ranLow.ButtonBatteryPercent);
        Assert.Equal(8, ranLow.PhoneBatteryPercent);
    }

    [Fact]
    public void A_heartbeat_ends_a_reported_silence_so_the_next_one_is_reported()
    {
        var silent = new DeviceHealth(Paired.Id, Association, Beneficiary, Now.AddDays(-1), SilenceReported: true);

        var (health, _) = Report(silent, Beat(80));

        Assert.False(health.SilenceReported);
        Assert.Equal(Now, health.LastContactAt);
    }

    [Fact]
    public void The_readings_of_a_previous_holder_do_not_carry_over_to_the_new_one()
    {
        var previous = new DeviceHealth(Paired.Id, Association, OtherBeneficiary, Now.AddDays(-3), 5, 5, BatteryLowReported: true);

        var (health, events) = Report(previous, Beat(10));

        Assert.Equal(Beneficiary, health.BeneficiaryId);
        Assert.IsType<DeviceBatteryRanLow>(Assert.Single(events));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(-1, true)]
    [InlineData(101, true)]
    [InlineData(0, false)]
    [InlineData(100, false)]
    public void The_button_battery_is_a_required_percentage(int? button, bool refused)
    {
        var errors = ReportHeartbeatSlice.Validate(new ReportHeartbeat(button, null, null, false, null));

        Assert.Equal(refused, errors.ContainsKey("buttonBatteryPercent"));
    }

    [Fact]
    public void The_bluetooth_link_state_is_required()
    {
        Assert.Equal(["bluetoothLinked"], ReportHeartbeatSlice.Validate(new ReportHeartbeat(50, 50, "1", null, null)).Keys);
    }
}

public sealed class DetectingSilence
{
    private static readonly TimeSpan SilentAfter = TimeSpan.FromHours(12);
    private static readonly DeviceHealth HeardAtNow = new(Device.IdFor(Serial), Association, Beneficiary, Now);

    [Fact]
    public void A_paired_device_unheard_for_the_limit_is_reported_silent_with_its_last_contact()
    {
        var (health, events) = SilentDeviceWatch.Decide(HeardAtNow, Now + SilentAfter, SilentAfter);

        Assert.Equal(new DeviceFellSilent(HeardAtNow.Id, Association, Beneficiary, Now, Now + SilentAfter), Assert.Single(events));
        Assert.True(health!.SilenceReported);
    }

    [Fact]
    public void A_device_heard_within_the_limit_is_not_silent()
    {
        var (_, events) = SilentDeviceWatch.Decide(HeardAtNow, Now + SilentAfter - TimeSpan.FromSeconds(1), SilentAfter);

        Assert.Empty(events);
    }

    [Fact]
    public void A_silence_is_reported_once_however_long_it_lasts()
    {
        var (reported, _) = SilentDeviceWatch.Decide(HeardAtNow, Now + SilentAfter, SilentAfter);

        var (_, later) = SilentDeviceWatch.Decide(reported, Now + SilentAfter * 3, SilentAfter);

        Assert.Empty(later);
    }

    [Fact]
    public void After_a_heartbeat_a_new_silence_is_reported_again()
    {
        var (reported, _) = SilentDeviceWatch.Decide(HeardAtNow, Now + SilentAfter, SilentAfter);
        var (heard, _) = ReportHeartbeatSlice.Decide(PairedTo(Beneficiary), reported, new ReportHeartbeat(80, 80, "2", true, null),
            Now + SilentAfter * 2, 20);

        var (_, again) = SilentDeviceWatch.Decide(heard, Now + SilentAfter * 3, SilentAfter);

        Assert.IsType<DeviceFellSilent>(Assert.Single(again));
    }

    [Fact]
    public void A_device_no_longer_watched_is_never_reported_silent()
    {
        var (_, events) = SilentDeviceWatch.Decide(HeardAtNow with { BeneficiaryId = null }, Now + SilentAfter * 2, SilentAfter);

        Assert.Empty(events);
    }
}

public sealed class KeepingTheWatchInStep
{
    [Fact]
    public void Pairing_starts_watching_from_the_pairing_as_a_first_contact()
    {
        var health = DeviceWatch.After(PairedTo(Beneficiary), null, Now);

        Assert.Equal(new DeviceHealth(Device.IdFor(Serial), Association, Beneficiary, Now), health);
    }

    [Fact]
    public void Pairing_to_a_new_beneficiary_forgets_the_previous_holders_readings_and_warnings()
    {
        var previous = new DeviceHealth(Device.IdFor(Serial), Association, null, Now.AddDays(-5), 3, 3, BatteryLowReported: true,
            SilenceReported: true);

        var health = DeviceWatch.After(PairedTo(OtherBeneficiary), previous, Now);

        Assert.Equal(new DeviceHealth(Device.IdFor(Serial), Association, OtherBeneficiary, Now), health);
    }

    [Theory]
    [InlineData(DeviceStatus.Unpaired)]
    [InlineData(DeviceStatus.Lost)]
    [InlineData(DeviceStatus.Retired)]
    public void An_unpaired_or_revoked_device_is_no_longer_watched(DeviceStatus status)
    {
        var watched = new DeviceHealth(Device.IdFor(Serial), Association, Beneficiary, Now.AddHours(-1));

        var health = DeviceWatch.After(Assigned() with { Status = status }, watched, Now);

        Assert.False(health!.Watched);
    }
}
