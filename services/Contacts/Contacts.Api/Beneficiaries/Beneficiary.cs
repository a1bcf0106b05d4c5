using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries;

// Domain events: private to this service, mapped to Platform.Contacts.Contracts by the outbox.
public sealed record BeneficiaryEnrolled(Guid BeneficiaryId, Guid AssociationId, string DisplayName, string Language,
    string AlertMessage, DateTimeOffset At, string? Phone = null, bool NeutralWording = false);
public sealed record AlertMessageWritten(Guid BeneficiaryId, string AlertMessage, DateTimeOffset At);
/// <param name="Phone">Her own number (E.164), texted when her button's battery runs low; null when she gave none.</param>
public sealed record ProfileChanged(Guid BeneficiaryId, string? Phone, bool NeutralWording, DateTimeOffset At);
/// <summary>A new contact, Pending until they accept by SMS: nobody is alerted without having agreed to it.</summary>
public sealed record EmergencyContactAdded(Guid BeneficiaryId, Guid ContactId, string Name, string Phone, int Tier,
    string Language, DateTimeOffset At, AlertChannels Channels = AlertChannels.Sms);
/// <summary>A new number belongs to someone who never agreed: consent starts over.</summary>
public sealed record ContactPhoneChanged(Guid BeneficiaryId, Guid ContactId, string Phone, DateTimeOffset At);
public sealed record ContactConsentReplied(Guid BeneficiaryId, Guid ContactId, bool Accepted, DateTimeOffset At);
/// <summary>Not re-confirmed in time: the contact may have changed numbers, so they are not alerted until they answer again.</summary>
public sealed record ContactConsentLapsed(Guid BeneficiaryId, Guid ContactId, DateTimeOffset At);
public sealed record EmergencyContactRemoved(Guid BeneficiaryId, Guid ContactId, DateTimeOffset At);

[Flags]
public enum AlertChannels
{
    Sms = 1,
    Voice = 2,
}

public enum ConsentState
{
    Pending,
    Confirmed,
    Declined,
    Lapsed,
}

/// <param name="ConsentRequestedAt">When the SMS asking for consent was last requested: a reply older than that answers an earlier request.</param>
/// <param name="ConfirmedAt">When the contact last accepted; the reachability period runs from there.</param>
public sealed record Contact(Guid Id, string Name, string Phone, int Tier, string Language,
    AlertChannels Channels = AlertChannels.Sms, ConsentState Consent = ConsentState.Pending,
    DateTimeOffset? ConsentRequestedAt = null, DateTimeOffset? ConfirmedAt = null);

/// <summary>A woman an association supports: how she wants to be named, what her alert says, who it reaches.</summary>
public sealed record Beneficiary(Guid Id, Guid AssociationId, string DisplayName, string Language, string AlertMessage,
    IReadOnlyList<Contact> Contacts, string? Phone = null, bool NeutralWording = false)
{
    public const int MaxPersonalContacts = 10;

    /// <summary>
    /// Contacts added or renumbered in any 24 hours, each of which texts a consent request: enough to enrol her ten contacts
    /// and correct a few, while a phone in someone else's hands cannot add and remove a premium number all day at her
    /// association's cost. Removing a contact is never limited: someone she no longer trusts must go at once.
    /// </summary>
    public const int MaxConsentRequestsPerDay = 20;

    public const string TooManyContactChangesProblem = "/problems/too-many-contact-changes";

    /// <summary>The last changes her own app made to who or what protects her (oldest first), for her operators.</summary>
    public IReadOnlyList<ChangedFromHerApp> ChangesFromHerApp { get; init; } = [];

    /// <summary>
    /// What her app is shown since her duress PIN confirmed a change (which only seemed to happen), or null: her phone's
    /// reads must agree with what it was told, while her contacts stay as they really are.
    /// </summary>
    public Beneficiary? ShownToHerApp { get; init; }

    /// <summary>Her as the caller may see her: her own app sees what it was shown, her operators see her as she is.</summary>
    public Beneficiary AsSeenBy(ClaimsPrincipal user) => user.IsBeneficiary() && ShownToHerApp is { } shown ? shown : this;

    /// <summary>When the last <see cref="MaxConsentRequestsPerDay"/> consent requests were made (oldest first).</summary>
    public IReadOnlyList<DateTimeOffset> RecentConsentRequests { get; init; } = [];

    /// <summary>Refuses a change that would text one more consent request than the day's budget allows.</summary>
    public void RefuseUnlessConsentRequestsLeft(DateTimeOffset now)
    {
        if (RecentConsentRequests.Count >= MaxConsentRequestsPerDay && RecentConsentRequests[^MaxConsentRequestsPerDay] > now.AddDays(-1))
        {
            throw new Platform.ServiceDefaults.ProblemException(StatusCodes.Status429TooManyRequests, TooManyContactChangesProblem,
                $"At most {MaxConsentRequestsPerDay} contacts can be added or given a new number in a day.",
                "Each one texts a consent request. Removing a contact is always possible.")
            {
                RetryAfter = RecentConsentRequests[^MaxConsentRequestsPerDay].AddDays(1) - now,
            };
        }
    }

    /// <summary>Her association's operators and she herself; to anyone else she does not exist.</summary>
    public bool IsVisibleTo(ClaimsPrincipal user) =>
        user.AssociationId() == AssociationId
        && (user.IsInRole(PlatformRoles.Operator) || (user.IsBeneficiary() && user.SubjectId() == Id));

    public Contact? FindContact(Guid contactId) => Contacts.FirstOrDefault(contact => contact.Id == contactId);
}

/// <summary>How each event changes a beneficiary (apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class BeneficiaryEvolution
{
    /// <summary>Every real change reaches what her app is shown too; a change shown to her app only reaches nothing else.</summary>
    public static Beneficiary? Evolve(Beneficiary? state, object @event)
    {
        if (@event is ShownToHerAppOnly shown)
        {
            return state is null ? null
                : state with { ShownToHerApp = shown.Changes().Aggregate((Beneficiary?)(state.ShownToHerApp ?? state with { ShownToHerApp = null }), Apply) };
        }
        var next = Apply(state, @event);
        return next is not null && state?.ShownToHerApp is { } herApp ? next with { ShownToHerApp = Apply(herApp, @event) } : next;
    }

    private static Beneficiary? Apply(Beneficiary? state, object @event) => (state, @event) switch
    {
        (null, BeneficiaryEnrolled e) => new Beneficiary(e.BeneficiaryId, e.AssociationId, e.DisplayName, e.Language, e.AlertMessage, [],
            e.Phone, e.NeutralWording),
        (not null, AlertMessageWritten e) => state with { AlertMessage = e.AlertMessage },
        (not null, ProfileChanged e) => state with { Phone = e.Phone, NeutralWording = e.NeutralWording },
        (not null, EmergencyContactAdded e) => ConsentRequested(state, e.At) with
        {
            Contacts = [.. state.Contacts, new Contact(e.ContactId, e.Name, e.Phone, e.Tier, e.Language, e.Channels,
                ConsentState.Pending, ConsentRequestedAt: e.At)],
        },
        (not null, ContactPhoneChanged e) => Change(ConsentRequested(state, e.At), e.ContactId, contact => contact with
        {
            Phone = e.Phone, Consent = ConsentState.Pending, ConsentRequestedAt = e.At, ConfirmedAt = null,
        }),
        (not null, ContactConsentReplied { Accepted: true } e) => Change(state, e.ContactId, contact => contact with
        {
            Consent = ConsentState.Confirmed, ConfirmedAt = e.At,
        }),
        (not null, ContactConsentReplied { Accepted: false } e) => Change(state, e.ContactId, contact => contact with
        {
            Consent = ConsentState.Declined,
        }),
        (not null, ContactConsentLapsed e) => Change(state, e.ContactId, contact => contact with
        {
            Consent = ConsentState.Lapsed, ConsentRequestedAt = e.At,
        }),
        (not null, EmergencyContactRemoved e) => state with { Contacts = [.. state.Contacts.Where(c => c.Id != e.ContactId)] },
        (not null, ChangedFromHerApp e) => state with
        {
            ChangesFromHerApp = [.. state.ChangesFromHerApp.TakeLast(Beneficiaries.ChangesFromHerApp.Kept - 1), e],
        },
        _ => state,
    };

    /// <summary>Only the budget's worth is kept: older requests no longer decide anything.</summary>
    private static Beneficiary ConsentRequested(Beneficiary state, DateTimeOffset at) => state with
    {
        RecentConsentRequests = [.. state.RecentConsentRequests.TakeLast(Beneficiary.MaxConsentRequestsPerDay - 1), at],
    };

    private static Beneficiary Change(Beneficiary state, Guid contactId, Func<Contact, Contact> change) => state with
    {
        Contacts = [.. state.Contacts.Select(contact => contact.Id == contactId ? change(contact) : contact)],
    };
}
