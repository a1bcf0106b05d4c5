using Marten;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Drilling;

/// <summary>How one contact fared in a drill: each time is also given in seconds after the press.</summary>
/// <param name="Name">Known once they acknowledged (the name they are known by to her).</param>
public sealed record DrillContactResult(Guid ContactId, string? Name, DateTimeOffset? SentAt, double? SentAfterSeconds,
    DateTimeOffset? DeliveredAt, double? DeliveredAfterSeconds, DateTimeOffset? AcknowledgedAt, double? AcknowledgedAfterSeconds,
    string? FailedReason);

/// <summary>What a drill showed: did the chain reach each contact, and how fast.</summary>
/// <param name="UnansweredAt">When a real alert would have gone to the region's fallback (no operator had answered); null
/// when one did in time.</param>
public sealed record DrillReportView(Guid AlertId, DateTimeOffset TriggeredAt, IReadOnlyList<DrillContactResult> Contacts,
    DateTimeOffset? UnansweredAt = null);

public static class DrillReportSlice
{
    /// <summary>Per contact: the first message sent, delivered and failed, and their acknowledgement, from the alert's stream.</summary>
    public static DrillReportView Report(Alert alert, IEnumerable<object> history)
    {
        var events = history.ToList();
        var contacts = events.Select(e => e switch
            {
                ContactNotified n => n.ContactId,
                ContactNotificationDelivered d => d.ContactId,
                ContactNotificationFailed f => f.ContactId,
                ResponderAcknowledged { Kind: ResponderKind.Contact } a => a.ResponderId,
                _ => Guid.Empty,
            })
            .Where(id => id != Guid.Empty).Distinct();
        double? After(DateTimeOffset? at) => at is { } time ? Math.Round((time - alert.TriggeredAt).TotalSeconds, 3) : null;
        return new DrillReportView(alert.Id, alert.TriggeredAt, [.. contacts.Select(contactId =>
        {
            var sent = events.OfType<ContactNotified>().Where(e => e.ContactId == contactId).Select(e => (DateTimeOffset?)e.At).Min();
            var delivered = events.OfType<ContactNotificationDelivered>().Where(e => e.ContactId == contactId)
                .Select(e => (DateTimeOffset?)e.At).Min();
            var acknowledged = events.OfType<ResponderAcknowledged>().FirstOrDefault(e => e.ResponderId == contactId);
            var failed = events.OfType<ContactNotificationFailed>().FirstOrDefault(e => e.ContactId == contactId);
            return new DrillContactResult(contactId, acknowledged?.Name, sent, After(sent), delivered, After(delivered),
                acknowledged?.At, After(acknowledged?.At), failed?.Reason);
        })], alert.UnansweredAt);
    }

    public static void MapDrillReport(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/{alertId:guid}/drill-report", HandleAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<DrillReportView> HandleAsync(Guid alertId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        var stream = await GetAlertSlice.LoadForCallerAsync(store, alertId, user, cancellationToken,
            alert => alert.Source == AlertSource.Drill, "The drill");
        return Report(stream.State!, stream.Events.Select(e => e.Data));
    }
}
