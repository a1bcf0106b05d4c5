namespace Platform.Devices.Api;

/// <summary>The fleet's health rules, from configuration section "Devices".</summary>
public sealed class DevicesOptions
{
    public const string Section = "Devices";

    /// <summary>Below this (button or phone), the association is told once, so the button is charged before it is needed.</summary>
    public int LowBatteryPercent { get; set; } = 20;

    /// <summary>No heartbeat for this long: the button may not work when she presses it.</summary>
    public TimeSpan SilentAfter { get; set; } = TimeSpan.FromHours(12);

    public TimeSpan SilentCheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Her app reports the button unlinked (Bluetooth) for this long: a press would reach nobody, so she is told. Ten
    /// minutes lets a walk out of range or a phone restart pass without a message.
    /// </summary>
    public TimeSpan LinkLostAfter { get; set; } = TimeSpan.FromMinutes(10);
}
