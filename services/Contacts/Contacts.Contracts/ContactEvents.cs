namespace Platform.Contacts.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// A breaking change is a new type (ContactsChangedV2), never an edit of this one.

/// <summary>An association took a beneficiary into its care.</summary>
public sealed record BeneficiaryEnrolled(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId);

/// <summary>
/// The full state an alert fan-out needs about one beneficiary (event-carried state): consumers replace their copy
/// with it when <see cref="Version"/> is newer than the one they hold, so late or repeated deliveries are harmless.
/// </summary>
public sealed record ContactsChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    long Version,
    string DisplayName,
    string Language,
    string AlertMessage,
    IReadOnlyList<EmergencyContact> Contacts);

/// <param name="Phone">E.164.</param>
/// <param name="Tier">1 is reached first.</param>
public sealed record EmergencyContact(
    Guid ContactId,
    string Name,
    string Phone,
    int Tier,
    string Language);
