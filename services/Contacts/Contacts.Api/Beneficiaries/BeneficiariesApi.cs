using Marten;
using Platform.Contacts.Api.Beneficiaries.AddingContacts;
using Platform.Contacts.Api.Beneficiaries.Enrolling;
using Platform.Contacts.Api.Beneficiaries.Reading;
using Platform.Contacts.Api.Beneficiaries.WritingAlertMessage;
using Platform.ServiceDefaults;
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
        beneficiaries.MapAddContact();
        beneficiaries.MapGetBeneficiary();
        return app;
    }

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
