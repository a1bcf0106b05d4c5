using JasperFx.Events;
using Marten;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Reading;

public sealed record AlertView(Guid Id, AlertStatus Status, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    DateTimeOffset TriggeredAt, Position LastKnownLocation, IReadOnlyList<Position> Trail, ResolutionView? Resolution,
    IReadOnlyList<TimelineEntry> Timeline);

/// <param name="Note">Operators only: her phone may be in someone else's hands.</param>
public sealed record ResolutionView(AlertOutcome Outcome, DateTimeOffset ResolvedAt, string? Note);

/// <summary>One line of what happened, without phone numbers or message bodies.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, Guid? ContactId = null, NotificationChannel? Channel = null,
    string? Detail = null);

public static class GetAlertSlice
{
    public static TimelineEntry? ToTimelineEntry(IEvent committed) => committed.Data switch
    {
        // The press pattern as the API spells it (camelCase), not as C# does.
        AlertTriggered e => new TimelineEntry(e.At, "triggered",
            Detail: $"{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.PressPattern.ToString())} press"),
        ContactNotified e => new TimelineEntry(e.At, "notification-dispatched", e.ContactId, e.Channel),
        ContactNotificationFailed e => new TimelineEntry(e.At, "notification-failed", e.ContactId, e.Channel, e.Reason),
        AlertResolved e => new TimelineEntry(e.At, "resolved",
            Detail: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Outcome.ToString())),
        _ => null,
    };

    public static string ETagFor(long version) => $"\"{version}\"";

    public static void MapGetAlert(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/{alertId:guid}", HandleAsync)
            .RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<AlertView> HandleAsync(Guid alertId, ClaimsPrincipal user, IDocumentStore store, HttpContext http,
        CancellationToken cancellationToken)
    {
        // A tenant session only sees its own association's streams: another association's alert is simply absent.
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var stream = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
        if (stream.State is not { } alert || (user.IsBeneficiary() && alert.BeneficiaryId != user.SubjectId()))
        {
            throw ProblemException.NotFound("The alert");
        }
        // The version an operator's next command must name in If-Match.
        http.Response.Headers.ETag = ETagFor(stream.Version);
        var resolution = alert.Resolution is { } r
            ? new ResolutionView(r.Outcome, r.At, user.IsBeneficiary() ? null : r.Note)
            : null;
        return new AlertView(alert.Id, alert.Status, alert.BeneficiaryId, alert.DeviceId, alert.PressPattern, alert.TriggeredAt,
            alert.LastKnownLocation, LocationTrail.Of(stream.Events.Select(e => e.Data)), resolution, [.. stream.Events.Select(ToTimelineEntry).OfType<TimelineEntry>()]);
    }
}
