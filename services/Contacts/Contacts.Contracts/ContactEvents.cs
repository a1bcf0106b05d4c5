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
    IReadOnlyList<EmergencyContact> Contacts,
    string? BeneficiaryPhone = null,
    bool NeutralWording = false);

/// <param name="Phone">E.164.</param>
/// <param name="Tier">1 is reached first.</param>
/// <param name="Consent">Only a confirmed contact is ever sent an alert.</param>
/// <param name="Channels">How the contact wants to be reached; empty means SMS.</param>
public sealed record EmergencyContact(
    Guid ContactId,
    string Name,
    string Phone,
    int Tier,
    string Language,
    ContactConsent Consent = ContactConsent.Pending,
    IReadOnlyList<ContactChannel>? Channels = null);

/// <summary>Pending is the default on purpose: a contact nobody confirmed is never alerted.</summary>
public enum ContactConsent
{
    Pending,
    Confirmed,
    Declined,
    /// <summary>Not re-confirmed within the reachability period: treated as unconfirmed until the contact answers again.</summary>
    Lapsed,
}

public enum ContactChannel
{
    Sms,
    Voice,
}

/// <summary>Ask a contact (new, or due for re-confirmation) to accept being alerted for her: notifications sends the SMS.</summary>
public sealed record ContactConsentRequested(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    Guid ContactId,
    string Phone,
    string Language,
    string BeneficiaryDisplayName,
    bool NeutralWording,
    bool IsReconfirmation);

/// <summary>A contact's consent moved (confirmed, declined, lapsed, or pending again).</summary>
public sealed record ContactConsentChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    Guid ContactId,
    ContactConsent Consent);

/// <summary>The association's whole on-call roster (event-carried state, replaced when <see cref="Version"/> is newer).</summary>
public sealed record RosterChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    long Version,
    IReadOnlyList<RosterMember> Members);

/// <summary>
/// The region's 24/7 fallback roster travels as a <see cref="RosterChanged"/> under this id, which no association has: the
/// people an alert goes to when her association did not answer, or when nobody at all could be reached.
/// </summary>
public static class RegionFallbackRoster
{
    public static readonly Guid Id = new("5e610000-fa11-4bac-8000-000000000001");
}

/// <param name="Phone">E.164.</param>
/// <param name="AssociationAdmin">Told of gaps in the roster ahead even when not on call (an admin who keeps the roster).</param>
public sealed record RosterMember(
    Guid OperatorId,
    string Name,
    string Phone,
    IReadOnlyList<WeeklyShift> Shifts,
    bool AssociationAdmin = false);

/// <summary>
/// Nobody will be on call at the association from <see cref="From"/> to <see cref="To"/> (within the next 24 h): an alert
/// escalating then would reach no operator. Told once per gap to whoever is on call and the roster's admins.
/// </summary>
/// <param name="TimeZone">The roster's time zone (its first shift's): what the warning is worded in.</param>
public sealed record RosterGapAhead(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    DateTimeOffset From,
    DateTimeOffset To,
    string TimeZone);

/// <summary>A recurring weekly on-call slot in the association's time zone; End before Start runs past midnight.</summary>
public sealed record WeeklyShift(
    DayOfWeek Day,
    TimeOnly Start,
    TimeOnly End,
    string TimeZone)
{
    /// <summary>
    /// Whether the shift covers an instant, read in the shift's own time zone (so daylight saving moves with the clock
    /// on the wall). Here, not copied into each consumer: every service must agree on who is on call.
    /// </summary>
    public bool Covers(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZone));
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (Start < End)
        {
            return local.DayOfWeek == Day && time >= Start && time < End;
        }
        // Past midnight: the evening of Day, or the early hours of the day after.
        return (local.DayOfWeek == Day && time >= Start) || (local.DayOfWeek == NextDay(Day) && time < End);
    }

    private static DayOfWeek NextDay(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);
}

/// <summary>
/// For her association: her own app (her token, maybe in someone else's hands) changed who or what protects her. Changes
/// made by her association's operators are not sent: the association made them.
/// </summary>
/// <remarks>No number, no name: the association reads her file itself.</remarks>
/// <param name="ContactId">The contact concerned; null when her own number changed.</param>
public sealed record HerProtectionChanged(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    ProtectionChange Change,
    Guid? ContactId);

public enum ProtectionChange
{
    ContactAdded,
    ContactRemoved,
    ContactPhoneChanged,
    HerPhoneChanged,
    /// <summary>A press of her button will do less than before (recorded from alerts' word: her PIN confirmed it there).</summary>
    PressPatternsWeakened,
}
