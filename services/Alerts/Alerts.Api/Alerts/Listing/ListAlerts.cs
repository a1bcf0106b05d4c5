using Platform.Alerts.Contracts;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Listing;

/// <summary>
/// One line of the operators' list, written by each slice in the transaction that appends the events, so the list is
/// never behind the streams.
/// </summary>
/// <param name="Source">How it began; a drill shows as one.</param>
/// <param name="Acknowledged">Someone said they are on their way.</param>
/// <param name="Duress">A duress PIN or too many wrong PINs; operators only.</param>
/// <param name="Unanswered">No operator of her association answered (or nobody could be reached): the region's fallback has it.</param>
/// <param name="Urgent">Sorts first: a duress or an unanswered alert (a drill's is reported, never urgent).</param>
public sealed record AlertSummary(Guid Id, Guid BeneficiaryId, AlertStatus Status, bool Duress, DateTimeOffset TriggeredAt,
    Position LastKnownLocation, int NotificationsDispatched, int NotificationsFailed, bool Acknowledged = false,
    AlertSource Source = AlertSource.Button,
    // A summary stored before this was kept reads as a discreet call: a full press never joins it, it raises its own alert.
    AlertResponse Response = AlertResponse.CallMeWithAnExcuse,
    bool Unanswered = false,
    bool Urgent = false)
{
    public static AlertSummary Of(Alert alert) =>
        new(alert.Id, alert.BeneficiaryId, alert.Status, alert.Duress,
            // PostgreSQL keeps microseconds: a cursor compares equal only on what the database can hold.
            new DateTimeOffset(alert.TriggeredAt.UtcTicks - alert.TriggeredAt.UtcTicks % 10, TimeSpan.Zero),
            alert.LastKnownLocation, alert.NotificationsDispatched, alert.NotificationsFailed, alert.AcknowledgedAt is not null, alert.Source,
            alert.Response, alert.UnansweredAt is not null,
            alert.Duress || (alert.UnansweredAt is not null && alert.Source != AlertSource.Drill));
}

public sealed record AlertPage(IReadOnlyList<AlertSummary> Items, Guid? Next);

public enum AlertListStatus
{
    Active,
    Resolved,
    Cancelled,
}

public static class ListAlertsSlice
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    /// <summary>
    /// The operators' order: duress and unanswered first, then the oldest (the longest waiting), then by id so paging is
    /// stable.
    /// </summary>
    public static IOrderedEnumerable<AlertSummary> InListOrder(IEnumerable<AlertSummary> alerts) =>
        alerts.OrderByDescending(a => a.Urgent).ThenBy(a => a.TriggeredAt).ThenBy(a => a.Id);

    public static Dictionary<string, string[]> Validate(string? status, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && ParseStatus(status) is null)
        {
            errors["status"] = ["One of: active, resolved, cancelled."];
        }
        if (limit is not (null or >= 1 and <= MaxLimit))
        {
            errors["limit"] = [$"From 1 to {MaxLimit}."];
        }
        return errors;
    }

    public static AlertListStatus? ParseStatus(string status) => status switch
    {
        "active" => AlertListStatus.Active,
        "resolved" => AlertListStatus.Resolved,
        "cancelled" => AlertListStatus.Cancelled,
        _ => null,
    };

    public static AlertStatus[] StatusesOf(AlertListStatus status) => status switch
    {
        AlertListStatus.Resolved => [AlertStatus.Resolved],
        AlertListStatus.Cancelled => [AlertStatus.Cancelled],
        _ => [AlertStatus.Triggered],
    };

    public static void MapListAlerts(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/", HandleAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<Results<Ok<AlertPage>, ValidationProblem>> HandleAsync(string? status, Guid? after, int? limit,
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        if (user.IsBeneficiary())
        {
            // The list is the association's; a beneficiary's phone (maybe in someone else's hands) gets nothing.
            throw ProblemException.NotFound("The alert list");
        }
        var errors = Validate(status, limit);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var statuses = StatusesOf(status is null ? AlertListStatus.Active : ParseStatus(status)!.Value);
        var size = limit ?? DefaultLimit;
        // Her association's alerts only: the tenant session filters by the association from the token.
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var query = session.Query<AlertSummary>().Where(a => a.Status.IsOneOf(statuses));
        if (after is { } cursorId)
        {
            if (await session.LoadAsync<AlertSummary>(cursorId, cancellationToken) is not { } cursor)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["after"] = ["Not an alert of this list."] },
                    type: ProblemTypes.Validation);
            }
            var (urgent, at, id) = (cursor.Urgent, cursor.TriggeredAt, cursor.Id);
            query = urgent
                ? query.Where(a => !a.Urgent || (a.TriggeredAt > at || (a.TriggeredAt == at && a.Id > id)))
                : query.Where(a => !a.Urgent && (a.TriggeredAt > at || (a.TriggeredAt == at && a.Id > id)));
        }
        var page = await query.OrderByDescending(a => a.Urgent).ThenBy(a => a.TriggeredAt).ThenBy(a => a.Id)
            .Take(size + 1).ToListAsync(cancellationToken);
        var items = page.Take(size).ToList();
        return TypedResults.Ok(new AlertPage(items, page.Count > size ? items[^1].Id : null));
    }
}
