using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries;

// Domain events: private to this service, mapped to Platform.Contacts.Contracts by the outbox.
public sealed record BeneficiaryEnrolled(Guid BeneficiaryId, Guid AssociationId, string DisplayName, string Language,
    string AlertMessage, DateTimeOffset At);
public sealed record AlertMessageWritten(Guid BeneficiaryId, string AlertMessage, DateTimeOffset At);
public sealed record EmergencyContactAdded(Guid BeneficiaryId, Guid ContactId, string Name, string Phone, int Tier,
    string Language, DateTimeOffset At);

public sealed record Contact(Guid Id, string Name, string Phone, int Tier, string Language);

/// <summary>A woman an association supports: how she wants to be named, what her alert says, who it reaches.</summary>
public sealed record Beneficiary(Guid Id, Guid AssociationId, string DisplayName, string Language, string AlertMessage,
    IReadOnlyList<Contact> Contacts)
{
    public const int MaxPersonalContacts = 10;

    /// <summary>Her association's operators and she herself; to anyone else she does not exist.</summary>
    public bool IsVisibleTo(ClaimsPrincipal user) =>
        user.AssociationId() == AssociationId
        && (user.IsInRole(PlatformRoles.Operator) || (user.IsBeneficiary() && user.SubjectId() == Id));
}

/// <summary>How each event changes a beneficiary (apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class BeneficiaryEvolution
{
    public static Beneficiary? Evolve(Beneficiary? state, object @event) => (state, @event) switch
    {
        (null, BeneficiaryEnrolled e) => new Beneficiary(e.BeneficiaryId, e.AssociationId, e.DisplayName, e.Language, e.AlertMessage, []),
        (not null, AlertMessageWritten e) => state with { AlertMessage = e.AlertMessage },
        (not null, EmergencyContactAdded e) => state with
        {
            Contacts = [.. state.Contacts, new Contact(e.ContactId, e.Name, e.Phone, e.Tier, e.Language)],
        },
        _ => state,
    };
}
