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
