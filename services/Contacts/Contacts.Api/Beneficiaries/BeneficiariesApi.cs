using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contacts.Api.Beneficiaries.AddingContacts;
using Platform.Contacts.Api.Beneficiaries.ChangingContactPhones;
using Platform.Contacts.Api.Beneficiaries.ChangingProfile;
using Platform.Contacts.Api.Beneficiaries.Enrolling;
using Platform.Contacts.Api.Beneficiaries.Listing;
using Platform.Contacts.Api.Beneficiaries.Reading;
using Platform.Contacts.Api.Beneficiaries.RemovingContacts;
using Platform.Contacts.Api.Beneficiaries.WritingAlertMessage;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries;

public static class BeneficiariesApi
{
    public static IEndpointRouteBuilder MapBeneficiariesApi(this IEndpointRouteBuilder app)
    {
        var beneficiaries = app.MapGroup("/api/beneficiaries").WithTags("Beneficiaries");
        beneficiaries.MapEnrolBeneficiary();
        beneficiaries.MapWriteAlertMessage();
        beneficiaries.MapChangeProfile();
        beneficiaries.MapAddContact();
        beneficiaries.MapChangeContactPhone();
        beneficiaries.MapRemoveContact();
        beneficiaries.MapGetBeneficiary();
        beneficiaries.MapListBeneficiaries();
        return app;
    }

    /// <summary>She herself or an operator of an association; whether it is hers is checked against her stream.</summary>
    public static RouteHandlerBuilder RequireHerOrAnOperator(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(policy => policy.RequireRole(PlatformRoles.Operator, PlatformRoles.Beneficiary)
            .RequireClaim(PlatformClaims.AssociationId));

    /// <summary>
    /// Read-decide-append on her stream for a caller allowed to see it, decided on what the caller sees of her and again on
    /// fresh state when her phone and her operator change her at the same moment; answers with her state after the change,
    /// as the caller sees it. Her app's changes to her protection need her PIN (<see cref="ChangesFromHerApp.ToAppendAsync"/>).
    /// </summary>
    public static Task<Results<Ok<T>, ValidationProblem>> ChangeAsync<T>(this IDocumentStore store, Guid beneficiaryId,
        ClaimsPrincipal user, SentPinConfirmation pin, AssociationConsentBudget budget,
        Func<Beneficiary, (IReadOnlyList<object> Events, Dictionary<string, string[]> Errors)> decide, Func<Beneficiary, T> answer,
        TimeProvider time, CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync<Results<Ok<T>, ValidationProblem>>(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadVisibleAsync(beneficiaryId, user, cancellationToken);
            var (events, errors) = decide(stream.State!.AsSeenBy(user));
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
            }
            var appended = await ChangesFromHerApp.ToAppendAsync(events, stream.State!, user, pin);
            await budget.SpendAsync(session, stream.State!.AssociationId, appended, time.GetUtcNow(), cancellationToken);
            session.AppendAfter(beneficiaryId, stream, appended);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(answer(appended.Aggregate((Beneficiary?)stream.State, BeneficiaryEvolution.Evolve)!.AsSeenBy(user)));
        });

    /// <summary>Loads her stream for a caller allowed to see it; anyone else gets the same 404 as for a missing id.</summary>
    public static async Task<LoadedStream<Beneficiary>> LoadVisibleAsync(this IQuerySession session, Guid id, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var stream = await session.LoadAsync<Beneficiary>(id, BeneficiaryEvolution.Evolve, cancellationToken);
        return stream.State is { } beneficiary && beneficiary.IsVisibleTo(user)
            ? stream
            : throw ProblemException.NotFound("The beneficiary");
    }
}
