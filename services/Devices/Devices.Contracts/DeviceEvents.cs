namespace Platform.Devices.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// A breaking change is a new type (DevicePairedV2), never an edit of this one.

/// <summary>A button now raises alerts for this beneficiary.</summary>
public sealed record DevicePaired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid BeneficiaryId);

/// <summary>The button no longer raises alerts for this beneficiary.</summary>
public sealed record DeviceUnpaired(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid BeneficiaryId);

/// <summary>The button was reported lost or retired: any press from it must be refused (it may be in the abuser's hands).</summary>
public sealed record DeviceRevoked(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid? BeneficiaryId,
    DeviceRevocationReason Reason);

public enum DeviceRevocationReason
{
    Lost,
    Retired,
}

/// <summary>The button's (or her phone's) battery fell below the threshold.</summary>
public sealed record DeviceBatteryLow(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid? BeneficiaryId,
    int ButtonBatteryPercent,
    int? PhoneBatteryPercent);

/// <summary>No heartbeat from the app for the configured period: the button may not work when she needs it.</summary>
public sealed record DeviceWentSilent(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid? BeneficiaryId,
    DateTimeOffset LastContactAt);

/// <summary>
/// Her app has reported the button unlinked from her phone (Bluetooth) since <paramref name="UnlinkedSince"/>: a press
/// would reach nobody. She is told, in words that reveal nothing; her association sees it in the fleet view.
/// </summary>
public sealed record DeviceLinkLost(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid DeviceId,
    Guid BeneficiaryId,
    DateTimeOffset UnlinkedSince);
