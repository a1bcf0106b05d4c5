using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Beneficiaries.Listing;

/// <summary>
/// One line of her association's caseload: who she is for them and how protected she is (how many of her contacts would
/// be alerted now). Kept by an inline projection, in the transaction of every change to her stream: never behind it.
/// </summary>
public sealed record BeneficiaryCard(Guid Id, Guid AssociationId, string DisplayName, DateTimeOffset EnrolledAt, int ConfirmedContacts,
    int PendingContacts, int DeclinedOrLapsedContacts)
{
    /// <summary>Her real state (what her app is shown under duress never reaches her operators' list).</summary>
    public Beneficiary? State { get; init; }
}

/// <summary>What a social worker filters her caseload by: who would be alerted if she pressed now.</summary>
public enum CaseloadFilter
{
    All,
    /// <summary>Nobody would be alerted: no contact has agreed (or every agreement lapsed).</summary>
    NoConfirmedContact,
    /// <summary>Someone has not answered the consent request yet.</summary>
    PendingConsent,
}

public sealed record CaseloadPage(IReadOnlyList<BeneficiaryCardView> Items, int Total);

public sealed record BeneficiaryCardView(Guid Id, string DisplayName, DateTimeOffset EnrolledAt, int ConfirmedContacts, int PendingContacts,
    int DeclinedOrLapsedContacts);

public sealed class BeneficiaryCardProjection : SingleStreamProjection<BeneficiaryCard, Guid>
{
    public override BeneficiaryCard? Evolve(BeneficiaryCard? snapshot, Guid id, IEvent e)
    {
        var state = BeneficiaryEvolution.Evolve(snapshot?.State, e.Data);
        if (state is null)
        {
            return snapshot;
        }
        var real = state with { ShownToHerApp = null };
        return new BeneficiaryCard(id, real.AssociationId, real.DisplayName, snapshot?.EnrolledAt ?? e.Timestamp,
            real.Contacts.Count(c => c.Consent == ConsentState.Confirmed), real.Contacts.Count(c => c.Consent == ConsentState.Pending),
            real.Contacts.Count(c => c.Consent is ConsentState.Declined or ConsentState.Lapsed))
        {
            State = state,
        };
    }
}

public static class ListBeneficiariesSlice
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void MapListBeneficiaries(this RouteGroupBuilder beneficiaries) =>
        beneficiaries.MapGet("/", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy)
            .WithSummary("Her association's caseload: search by name, filter by who would be alerted now.");

    private static async Task<Results<Ok<CaseloadPage>, ValidationProblem>> HandleAsync(string? search, string? filter, int? offset, int? limit,
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        CaseloadFilter chosen = CaseloadFilter.All;
        if (filter is not null && !Enum.TryParse(filter, ignoreCase: true, out chosen))
        {
            errors["filter"] = ["One of: all, noConfirmedContact, pendingConsent."];
        }
        if (limit is not (null or >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"From 1 to {MaxLimit}."];
        }
        if (offset is < 0)
        {
            errors["offset"] = ["0 or more."];
        }
        if (search is { Length: > 100 })
        {
            errors["search"] = ["At most 100 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var association = user.AssociationId();
        await using var session = store.QuerySession();
        // Her association's women only: the same rule as reading one of them (anyone else's are not there).
        var query = session.Query<BeneficiaryCard>().Where(card => card.AssociationId == association);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(card => card.DisplayName.Contains(term, StringComparison.OrdinalIgnoreCase));
        }
        query = chosen switch
        {
            CaseloadFilter.NoConfirmedContact => query.Where(card => card.ConfirmedContacts == 0),
            CaseloadFilter.PendingConsent => query.Where(card => card.PendingContacts > 0),
            _ => query,
        };
        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderBy(card => card.DisplayName).ThenBy(card => card.Id).Skip(offset ?? 0).Take(limit ?? DefaultLimit)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CaseloadPage([.. page.Select(card => new BeneficiaryCardView(card.Id, card.DisplayName, card.EnrolledAt,
            card.ConfirmedContacts, card.PendingContacts, card.DeclinedOrLapsedContacts))], total));
    }
}
