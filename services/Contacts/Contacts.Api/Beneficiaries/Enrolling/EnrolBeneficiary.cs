using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.Enrolling;

/// <summary>An operator takes a woman into the association's care. No legal name is ever required.</summary>
/// <param name="Phone">Her own number, optional: texted when her button's battery runs low.</param>
/// <param name="NeutralWording">Her contacts may share a phone: what they receive must not sound alarming.</param>
public sealed record EnrolBeneficiary(string? DisplayName, string? Language, string? AlertMessage, string? Phone = null,
    bool? NeutralWording = null);

public static class EnrolBeneficiarySlice
{
    public static (BeneficiaryEnrolled? Enrolled, Dictionary<string, string[]> Errors) Decide(EnrolBeneficiary command,
        Guid beneficiaryId, Guid associationId, DateTimeOffset now, PhoneNumberRules? phones = null)
    {
        var errors = new Dictionary<string, string[]>();
        BeneficiaryRules.RequireName(errors, "displayName", command.DisplayName);
        var neutralWording = command.NeutralWording ?? false;
        BeneficiaryRules.RequireAlertMessage(errors, command.AlertMessage, command.DisplayName, neutralWording);
        var language = BeneficiaryRules.LanguageOrDefault(errors, command.Language);
        var phone = BeneficiaryRules.OptionalE164OrError(errors, "phone", command.Phone, phones);
        return errors.Count > 0
            ? (null, errors)
            : (new BeneficiaryEnrolled(beneficiaryId, associationId, command.DisplayName!.Trim(), language, command.AlertMessage!.Trim(), now,
                phone, neutralWording), errors);
    }

    public static void MapEnrolBeneficiary(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    private static async Task<Results<Created<BeneficiaryView>, ValidationProblem>> HandleAsync(EnrolBeneficiary command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, PhoneNumberRules phones, CancellationToken cancellationToken)
    {
        var (enrolled, errors) = Decide(command, Guid.CreateVersion7(), user.AssociationId(), time.GetUtcNow(), phones);
        if (enrolled is null)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        await using var session = store.OpenTracedSession();
        session.Events.StartStream(enrolled.BeneficiaryId, enrolled);
        await session.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/beneficiaries/{enrolled.BeneficiaryId}",
            BeneficiaryView.From(BeneficiaryEvolution.Evolve(null, enrolled)!));
    }
}
