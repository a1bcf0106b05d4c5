using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contacts.Api.Beneficiaries.AddingContacts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.ChangingContactPhones;

public sealed record ChangeContactPhone(string? Phone);

/// <summary>A contact's new number: whoever holds it has never agreed, so consent is asked again before any alert.</summary>
public static class ChangeContactPhoneSlice
{
    public static (IReadOnlyList<object> Events, Dictionary<string, string[]> Errors) Decide(Beneficiary beneficiary, Guid contactId,
        ChangeContactPhone command, DateTimeOffset now, PhoneNumberRules? phones = null)
    {
        var contact = beneficiary.FindContact(contactId) ?? throw ProblemException.NotFound("The contact");
        var errors = new Dictionary<string, string[]>();
        var phone = BeneficiaryRules.E164OrError(errors, "phone", command.Phone, phones);
        if (phone is null)
        {
            return ([], errors);
        }
        if (phone == contact.Phone)
        {
            return ([], errors);
        }
        if (beneficiary.Contacts.Any(other => other.Phone == phone))
        {
            throw ProblemException.Conflict(AddContactSlice.DuplicatePhoneProblem, "This phone number is already one of her contacts.");
        }
        beneficiary.RefuseUnlessConsentRequestsLeft(now);
        return ([new ContactPhoneChanged(beneficiary.Id, contactId, phone, now)], errors);
    }

    public static void MapChangeContactPhone(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPut("/{beneficiaryId:guid}/contacts/{contactId:guid}/phone", HandleAsync)
            .RequireHerOrAnOperator();

    private static Task<Results<Ok<ContactView>, ValidationProblem>> HandleAsync(Guid beneficiaryId, Guid contactId,
        ChangeContactPhone command, ClaimsPrincipal user, SentPinConfirmation pin, AssociationConsentBudget budget, IDocumentStore store,
        TimeProvider time, PhoneNumberRules phones, CancellationToken cancellationToken) =>
        store.ChangeAsync(beneficiaryId, user, pin, budget, she => Decide(she, contactId, command, time.GetUtcNow(), phones),
            she => ContactView.From(she.FindContact(contactId)!), time, cancellationToken);
}
