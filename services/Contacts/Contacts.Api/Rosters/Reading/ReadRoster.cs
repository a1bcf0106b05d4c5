using Marten;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Contacts.Api.Rosters.Reading;

/// <summary>
/// The roster, who is on call, and where nobody is: operators read their association's (from the token), the
/// region's admin any (?associationId=). Another association's roster does not exist for an operator.
/// </summary>
public static class ReadRosterSlices
{
    public static readonly TimeSpan ReadinessWindow = TimeSpan.FromDays(7);

    public static void MapReadRoster(this RouteGroupBuilder rosters)
    {
        rosters.MapGet("/roster", ReadAsync).RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);
        rosters.MapGet("/roster/on-call", OnCallAsync).RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);
        rosters.MapGet("/roster/readiness", ReadinessAsync).RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);
    }

    /// <summary>The association the caller may read: an operator's own, or the one an admin names.</summary>
    public static Guid ReadableAssociation(ClaimsPrincipal user, Guid? requested)
    {
        if (user.IsInRole(PlatformRoles.Admin))
        {
            return requested ?? throw new ProblemException(StatusCodes.Status400BadRequest, ProblemTypes.Validation,
                "Name the association: ?associationId=.");
        }
        var own = user.AssociationId();
        return requested is null || requested == own ? own : throw ProblemException.NotFound("The roster");
    }

    private static async Task<RosterView> ReadAsync(Guid? associationId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        var association = ReadableAssociation(user, associationId);
        await using var session = store.QuerySession();
        var roster = await session.LoadAsync<AssociationRoster>(association, cancellationToken)
            ?? throw ProblemException.NotFound("The roster");
        return RosterView.From(roster);
    }

    private static async Task<OnCallView> OnCallAsync(Guid? associationId, DateTimeOffset? at, ClaimsPrincipal user,
        IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var association = ReadableAssociation(user, associationId);
        var when = (at ?? time.GetUtcNow()).ToUniversalTime();
        await using var session = store.QuerySession();
        var roster = await session.LoadAsync<AssociationRoster>(association, cancellationToken);
        return new OnCallView(association, when, [.. OnCallSchedule.OnCallAt(roster?.Members ?? [], when).Select(RosterMemberView.From)]);
    }

    private static async Task<IReadOnlyList<ReadinessView>> ReadinessAsync(ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var from = time.GetUtcNow();
        var to = from + ReadinessWindow;
        await using var session = store.QuerySession();
        if (user.IsInRole(PlatformRoles.Admin))
        {
            var rosters = await session.Query<AssociationRoster>().ToListAsync(cancellationToken);
            return [.. rosters.OrderBy(r => r.Id).Select(r => new ReadinessView(r.Id, from, to, OnCallSchedule.Gaps(r.Members, from, to)))];
        }
        var own = user.AssociationId();
        // No roster yet is the widest gap of all: reported, never assumed covered.
        var roster = await session.LoadAsync<AssociationRoster>(own, cancellationToken);
        return [new ReadinessView(own, from, to, OnCallSchedule.Gaps(roster?.Members ?? [], from, to))];
    }
}
