using Marten;
using Platform.Alerts.Api.Alerts.Reading;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Acknowledging;

/// <summary>Who said they are coming. Her app gets names and times only; operators also see who and by which channel.</summary>
public sealed record ResponderView(string Name, DateTimeOffset AcknowledgedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    Guid? ResponderId = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    ResponderKind? Kind = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    NotificationChannel? Channel = null);

public sealed record RespondersView(bool SomeoneIsComing, IReadOnlyList<ResponderView> Responders);

public static class ReadingRespondersSlice
{
    public static void MapResponders(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/{alertId:guid}/responders", HandleAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<RespondersView> HandleAsync(Guid alertId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        var stream = await GetAlertSlice.LoadForCallerAsync(store, alertId, user, cancellationToken);
        var forHer = user.IsBeneficiary();
        // As everywhere in her view: nothing after her cancel (real or duress) shows.
        var visible = forHer ? GetAlertSlice.UpToHerCancel(stream.Events) : stream.Events;
        var responders = visible.Select(e => e.Data).OfType<ResponderAcknowledged>()
            .Select(e => forHer ? new ResponderView(e.Name, e.At) : new ResponderView(e.Name, e.At, e.ResponderId, e.Kind, e.Channel))
            .ToList();
        return new RespondersView(responders.Count > 0, responders);
    }
}
