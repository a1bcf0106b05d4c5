using Marten;
using Marten.Patching;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Acknowledging;

/// <summary>
/// "I'm handling it": an operator of her association takes the alert in hand. Only this (or the on-call operator's own
/// answer by phone or SMS, or her real PIN) stops the tier walk and the paging; a contact's word never does.
/// </summary>
public static class TakingItInHandSlice
{
    /// <summary>The name her app shows as coming.</summary>
    public const string HerAssociation = "Votre association";

    public const string AlertOverProblem = "/problems/alert-over";

    public static IReadOnlyList<object> Decide(Alert alert, Guid operatorId, DateTimeOffset now) =>
        alert.Status != AlertStatus.Triggered
            ? throw ProblemException.Conflict(AlertOverProblem, "This alert is over: there is nothing left to take in hand.")
            : alert.Responders.Contains(operatorId)
                ? []
                : [new ResponderAcknowledged(alert.Id, alert.AssociationId, operatorId, ResponderKind.OnCallOperator, HerAssociation, null, now)];

    public static void MapTakingItInHand(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/{alertId:guid}/acknowledgement", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    private static async Task<IResult> HandleAsync(Guid alertId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken) =>
        await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession(user.AssociationId().ToString());
            var loaded = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
            if (loaded.State is not { } alert || alert.AssociationId != user.AssociationId())
            {
                throw ProblemException.NotFound("The alert");
            }
            var events = Decide(alert, user.SubjectId(), time.GetUtcNow());
            session.AppendAfter(alert.Id, loaded, events);
            if (events.Count > 0)
            {
                session.Patch<AlertSummary>(alert.Id).Set(summary => summary.Acknowledged, true);
            }
            await session.SaveChangesAsync(cancellationToken);
            return Results.NoContent();
        });
}
