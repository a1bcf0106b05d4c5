using Marten;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.Reading;

public static class GetBeneficiarySlice
{
    public static void MapGetBeneficiary(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapGet("/{beneficiaryId:guid}", HandleAsync)
            .RequireHerOrAnOperator();

    private static async Task<BeneficiaryView> HandleAsync(Guid beneficiaryId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var stream = await session.LoadVisibleAsync(beneficiaryId, user, cancellationToken);
        return user.IsBeneficiary() ? BeneficiaryView.From(stream.State!.AsSeenBy(user)) : BeneficiaryView.ForOperators(stream.State!);
    }
}
