using Platform.Alerts.Api.Alerts.Triggering;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Contracts;

namespace Platform.Alerts.Tests;

/// <summary>The facts the alert rules are tested against: time is data, never the clock.</summary>
internal static class AlertScenarios
{
    public static readonly DateTimeOffset Now = new(2025, 3, 14, 21, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Captured = Now.AddSeconds(-4);
    public static readonly Guid Association = new("0b4c1e4a-0000-4000-8000-000000000001");
    public static readonly Guid OtherAssociation = new("0b4c1e4a-0000-4000-8000-000000000002");
    public static readonly Guid Beneficiary = new("be7e0000-0000-4000-8000-000000000001");
    public static readonly Guid OtherBeneficiary = new("be7e0000-0000-4000-8000-000000000002");
    public static readonly Guid DeviceId = new("de71ce00-0000-4000-8000-000000000001");
    public const string PressId = "press-0001";

    public static TriggerLocation Location(double? latitude = 45.7772, double? longitude = 3.0870, double? accuracyMeters = 12.5,
        DateTimeOffset? capturedAt = null) =>
        new(latitude, longitude, accuracyMeters, capturedAt ?? Captured);

    public static TriggerAlert Press(TriggerLocation? location = null, PressPattern? pressPattern = PressPattern.DoubleClick) =>
        new(DeviceId, pressPattern, location ?? Location());

    public static PairedDevice HerButton() => new(DeviceId, Beneficiary);
}
