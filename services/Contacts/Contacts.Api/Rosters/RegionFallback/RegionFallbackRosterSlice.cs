using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contacts.Api.Beneficiaries;
using Platform.Contacts.Api.Rosters.Replacing;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Api.Rosters.RegionFallback;

/// <summary>
/// The region's 24/7 fallback roster, held by the region's admin: same shape as an association's (members, weekly shifts),
/// reached by SMS and voice like an on-call operator when an alert goes unanswered. No association reads or writes it.
/// </summary>
public static class RegionFallbackRosterSlice
{
    public static IEndpointRouteBuilder MapRegionFallbackRoster(this IEndpointRouteBuilder app)
    {
        var region = app.MapGroup("/api/region").WithTags("Region fallback roster")
            .RequireAuthorization(PlatformAuthentication.AdminPolicy);
        region.MapPut("/fallback-roster", ReplaceAsync);
        region.MapGet("/fallback-roster", ReadAsync);
        region.MapGet("/fallback-roster/readiness", ReadinessAsync);
        return app;
    }

    private static Task<Results<Ok<RosterView>, ValidationProblem>> ReplaceAsync(ReplaceRoster command, IDocumentStore store,
        TimeProvider time, PhoneNumberRules phones, CancellationToken cancellationToken) =>
        ReplaceRosterSlice.ReplaceAsync(Contract.RegionFallbackRoster.Id, command, store, time, phones, cancellationToken);

    private static async Task<RosterView> ReadAsync(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var roster = await session.LoadAsync<AssociationRoster>(Contract.RegionFallbackRoster.Id, cancellationToken)
            ?? throw ProblemException.NotFound("The region's fallback roster");
        return RosterView.From(roster);
    }

    /// <summary>When nobody is on the region's fallback in the next 7 days: the last resort must have no hole.</summary>
    private static async Task<ReadinessView> ReadinessAsync(IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow();
        var to = from + Reading.ReadRosterSlices.ReadinessWindow;
        await using var session = store.QuerySession();
        var roster = await session.LoadAsync<AssociationRoster>(Contract.RegionFallbackRoster.Id, cancellationToken);
        return new ReadinessView(Contract.RegionFallbackRoster.Id, from, to, OnCallSchedule.Gaps(roster?.Members ?? [], from, to));
    }
}
