using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.Enrolling;

/// <summary>An operator takes a woman into the association's care. No legal name is ever required.</summary>
public sealed record EnrolBeneficiary(string? DisplayName, string? Language, string? AlertMessage);

public static class EnrolBeneficiarySlice
{
    public static (BeneficiaryEnrolled? Enrolled, Dictionary<string, string[]> Errors) Decide(EnrolBeneficiary command,
        Guid beneficiaryId, Guid associationId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        BeneficiaryRules.RequireName(errors, "displayName", command.DisplayName);
        BeneficiaryRules.RequireAlertMessage(errors, command.AlertMessage);
        var language = BeneficiaryRules.LanguageOrDefault(errors, command.Language);
        return errors.Count > 0
            ? (null, errors)
            : (new BeneficiaryEnrolled(beneficiaryId, associationId, command.DisplayName!.Trim(), language, command.AlertMessage!.Trim(), now), errors);
    }

    public static void MapEnrolBeneficiary(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    private static async Task<Results<Created<BeneficiaryView>, ValidationProblem>> HandleAsync(EnrolBeneficiary command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var (enrolled, errors) = Decide(command, Guid.CreateVersion7(), user.AssociationId(), time.GetUtcNow());
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
