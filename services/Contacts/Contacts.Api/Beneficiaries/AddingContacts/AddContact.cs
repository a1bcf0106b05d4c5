using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.AddingContacts;

/// <summary>Someone she trusts to be reached when she presses the button.</summary>
/// <param name="Channels">"sms" and/or "voice"; SMS when none is given.</param>
public sealed record AddContact(string? Name, string? Phone, int? Tier, string? Language, IReadOnlyList<string>? Channels = null);

public static class AddContactSlice
{
    public const string TooManyContactsProblem = "/problems/too-many-contacts";
    public const string DuplicatePhoneProblem = "/problems/contact-phone-already-listed";

    public static (EmergencyContactAdded? Added, Dictionary<string, string[]> Errors) Decide(Beneficiary beneficiary,
        AddContact command, Guid contactId, DateTimeOffset now, PhoneNumberRules? phones = null)
    {
        var errors = new Dictionary<string, string[]>();
        BeneficiaryRules.RequireName(errors, "name", command.Name);
        var phone = BeneficiaryRules.E164OrError(errors, "phone", command.Phone, phones);
        var language = BeneficiaryRules.LanguageOrDefault(errors,
            string.IsNullOrWhiteSpace(command.Language) ? beneficiary.Language : command.Language);
        var channels = ContactChannels.ParseOrError(errors, command.Channels);
        var tier = command.Tier ?? 1;
        if (tier is < 1 or > 3)
        {
            errors["tier"] = ["1 (reached first), 2 or 3."];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        beneficiary.RefuseUnlessConsentRequestsLeft(now);
        if (beneficiary.Contacts.Count >= Beneficiary.MaxPersonalContacts)
        {
            throw ProblemException.Conflict(TooManyContactsProblem, $"She already has {Beneficiary.MaxPersonalContacts} contacts.");
        }
        if (beneficiary.Contacts.Any(contact => contact.Phone == phone))
        {
            throw ProblemException.Conflict(DuplicatePhoneProblem, "This phone number is already one of her contacts.");
        }
        return (new EmergencyContactAdded(beneficiary.Id, contactId, command.Name!.Trim(), phone!, tier, language, now, channels), errors);
    }

    public static void MapAddContact(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPost("/{beneficiaryId:guid}/contacts", HandleAsync)
            .RequireHerOrAnOperator();

    private static async Task<Results<Created<ContactView>, ValidationProblem>> HandleAsync(Guid beneficiaryId, AddContact command,
        ClaimsPrincipal user, SentPinConfirmation pin, AssociationConsentBudget budget, IDocumentStore store, TimeProvider time,
        PhoneNumberRules phones, CancellationToken cancellationToken)
    {
        // Her phone and her operator adding contacts at once: the limit and duplicate checks run again on fresh state.
        return await ConcurrentWrites.RetryAsync<Results<Created<ContactView>, ValidationProblem>>(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadVisibleAsync(beneficiaryId, user, cancellationToken);
            var (added, errors) = Decide(stream.State!.AsSeenBy(user), command, Guid.CreateVersion7(), time.GetUtcNow(), phones);
            if (added is null)
            {
                return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
            }
            var appended = await ChangesFromHerApp.ToAppendAsync([added], stream.State!, user, pin);
            await budget.SpendAsync(session, stream.State!.AssociationId, appended, time.GetUtcNow(), cancellationToken);
            session.AppendAfter(beneficiaryId, stream, appended);
            await session.SaveChangesAsync(cancellationToken);
            var contact = BeneficiaryEvolution.Evolve(stream.State!.AsSeenBy(user), added)!.FindContact(added.ContactId)!;
            return TypedResults.Created($"/api/beneficiaries/{beneficiaryId}/contacts/{added.ContactId}", ContactView.From(contact));
        });
    }
}
