using JasperFx.Events;
using Marten;
using Platform.Alerts.Contracts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Reading;

/// <param name="Duress">Operators only; absent from her view, which a duress must leave identical to a real cancel's.</param>
public sealed record AlertView(Guid Id, AlertStatus Status, Guid BeneficiaryId, Guid DeviceId, PressPattern PressPattern,
    DateTimeOffset TriggeredAt, Position LastKnownLocation, IReadOnlyList<Position> Trail, ResolutionView? Resolution,
    IReadOnlyList<TimelineEntry> Timeline,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    bool? Duress,
    AlertSource Source = AlertSource.Button,
    AlertResponse Response = AlertResponse.FullAlert,
    DeviceSnapshot? Device = null,
    NobodyAnsweredView? NobodyAnswered = null);

/// <summary>Nobody of her association has answered: the region's 24/7 fallback has the alert, and what she can do now.</summary>
/// <param name="Advice">The region's words (who to call or text), shown to her as they are.</param>
public sealed record NobodyAnsweredView(DateTimeOffset Since, string Advice);

/// <param name="Advice">What her app tells her when nobody has answered yet: the region's emergency numbers.</param>
public sealed class UnansweredAdviceOptions
{
    public const string Section = "Alerts:Unanswered";

    [System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.MinLength(1)]
    public string Advice { get; set; } =
        "Personne n'a encore répondu. Si vous êtes en danger, appelez le 17 ou le 112 ; si vous ne pouvez pas parler, envoyez un SMS au 114.";
}

/// <param name="Note">Operators only: her phone may be in someone else's hands.</param>
public sealed record ResolutionView(AlertOutcome Outcome, DateTimeOffset ResolvedAt, string? Note);

/// <summary>One line of what happened, without phone numbers or message bodies.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, Guid? ContactId = null, NotificationChannel? Channel = null,
    string? Detail = null);

public static class GetAlertSlice
{
    /// <param name="forHer">Her phone may be in the hands of the person she fears: a duress reads as the cancel it pretends to be.</param>
    public static TimelineEntry? ToTimelineEntry(IEvent committed, bool forHer) => committed.Data switch
    {
        // The press pattern as the API spells it (camelCase), not as C# does.
        AlertTriggered e => new TimelineEntry(e.At, "triggered",
            Detail: $"{System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.PressPattern.ToString())} press"
                + (e.CaptureTimeReplaced ? "; the phone's clock was ahead: the position is dated when it was received" : "")),
        ContactNotified e => new TimelineEntry(e.At, "notification-dispatched", e.ContactId, e.Channel),
        ContactNotificationDelivered e => new TimelineEntry(e.At, "notification-delivered", e.ContactId, e.Channel),
        ProviderUnreachable e => new TimelineEntry(e.At, "provider-unreachable", e.ContactId, e.Channel,
            $"failing since {e.Since:O} ({e.Attempts} attempts); still retrying"),
        ContactNotificationFailed e => new TimelineEntry(e.At, "notification-failed", e.ContactId, e.Channel, e.Reason),
        AlertResolved e => new TimelineEntry(e.At, "resolved",
            Detail: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Outcome.ToString())),
        AlertCancelled e => new TimelineEntry(e.At, "cancelled"),
        AlertDuressSignalled { ShownAsCancelled: false } when forHer => null,
        AlertDuressSignalled e when forHer => new TimelineEntry(e.At, "cancelled"),
        AlertDuressSignalled e => new TimelineEntry(e.At, "duress", Detail: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Reason.ToString())),
        WrongPinEntered when forHer => null,
        WrongPinEntered e => new TimelineEntry(e.At, "wrong-pin"),
        WrongPinsExceeded when forHer => null,
        WrongPinsExceeded e => new TimelineEntry(e.At, "wrong-pins-exceeded"),
        EscalationStepReached { Priority: true } when forHer => null,
        EscalationStepReached { Priority: true } e => new TimelineEntry(e.At, "escalated", Detail: $"step {e.Step}: priority, on-call"),
        EscalationStepReached e => new TimelineEntry(e.At, "escalated", Detail: $"step {e.Step}: {Describe(e.Reach)}"),
        AlertWentUnanswered e => new TimelineEntry(e.At, "unanswered", Detail: e.Reason == UnansweredReason.NobodyReachable
            ? "nobody could be reached at the press: the region's fallback has the alert"
            : "no operator answered: the region's fallback has the alert"),
        PressJoined e => new TimelineEntry(e.At, "press-joined", Detail: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Source.ToString())),
        ResponderAcknowledged e => new TimelineEntry(e.At, "acknowledged", forHer ? null : e.ResponderId, forHer ? null : e.Channel, e.Name),
        // Whoever holds her phone must not learn that a recording of them exists and is kept as evidence.
        EvidenceSealedForAlert when forHer => null,
        EvidenceSealedForAlert e => new TimelineEntry(e.SealedAt, "evidence-sealed",
            Detail: $"recording {e.RecordingId}: {e.Chunks} chunks{(e.Complete ? "" : " (incomplete)")}, manifest sha256 {e.ManifestSha256}"),
        _ => null,
    };

    private static string Describe(IEnumerable<EscalationReach> reach) => string.Join(", ", reach.Select(r =>
        $"{r.Audience switch
        {
            EscalationAudience.FirstTier => "tier 1",
            EscalationAudience.SecondTier => "tier 2",
            EscalationAudience.ThirdTier => "tier 3",
            EscalationAudience.RegionFallback => "region fallback",
            _ => "on-call",
        }} {r.Channel.ToString().ToLowerInvariant()}"));

    /// <summary>
    /// The alert's stream if the caller may read it: her own alert, or any alert of the operator's association. Anyone
    /// else gets the same 404 as for an alert that does not exist (a tenant session does not even see another
    /// association's streams).
    /// </summary>
    public static async Task<LoadedStream<Alert>> LoadForCallerAsync(IDocumentStore store, Guid alertId, ClaimsPrincipal user,
        CancellationToken cancellationToken, Func<Alert, bool>? readable = null, string what = "The alert")
    {
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var stream = await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken);
        if (stream.State is not { } alert || (user.IsBeneficiary() && alert.BeneficiaryId != user.SubjectId())
            || (readable is not null && !readable(alert)))
        {
            throw ProblemException.NotFound(what);
        }
        return stream;
    }

    public static string ETagFor(long version) => $"\"{version}\"";

    public static void MapGetAlert(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/{alertId:guid}", HandleAsync)
            .RequireAuthorization(AlertsApi.HerOrHerOperators);

    private static async Task<AlertView> HandleAsync(Guid alertId, ClaimsPrincipal user, IDocumentStore store, HttpContext http,
        Microsoft.Extensions.Options.IOptions<UnansweredAdviceOptions> advice, CancellationToken cancellationToken)
    {
        var stream = await LoadForCallerAsync(store, alertId, user, cancellationToken);
        var alert = stream.State!;
        var forHer = user.IsBeneficiary();
        if (!forHer)
        {
            // The version an operator's next command must name in If-Match.
            http.Response.Headers.ETag = ETagFor(stream.Version);
        }
        // Her phone may be in the hands of the person she fears: she sees the alert as it stood when she cancelled (or
        // seemed to), never what happened after. A duress and a real cancel then read the same, whatever follows
        // (notifications still going out, positions, escalation, the operator's resolution), and no version number
        // grows behind her back.
        var visible = forHer ? UpToHerCancel(stream.Events) : stream.Events;
        var shown = forHer ? visible.Aggregate(default(Alert), (state, e) => AlertEvolution.Evolve(state, e.Data))! : alert;
        var resolution = shown.Resolution is { } r
            ? new ResolutionView(r.Outcome, r.At, forHer ? null : r.Note)
            : null;
        return new AlertView(shown.Id, forHer ? shown.StatusShownToHer : shown.Status, shown.BeneficiaryId, shown.DeviceId,
            shown.PressPattern, shown.TriggeredAt, shown.LastKnownLocation, LocationTrail.Of(visible.Select(e => e.Data)), resolution,
            [.. visible.Select(e => ToTimelineEntry(e, forHer)).OfType<TimelineEntry>()], forHer ? null : shown.Duress,
            shown.Source, shown.Response, shown.Device, NobodyAnswered(shown, forHer, advice.Value.Advice));
    }

    /// <summary>
    /// Told while it is true: the alert runs (as far as her phone may know) and no operator took it in hand. After a duress
    /// her view stops at the pretended cancel, so it never shows there.
    /// </summary>
    private static NobodyAnsweredView? NobodyAnswered(Alert shown, bool forHer, string advice) =>
        shown.UnansweredAt is { } since && shown.OperatorAcknowledgedAt is null
            && (forHer ? shown.StatusShownToHer : shown.Status) == AlertStatus.Triggered
            ? new NobodyAnsweredView(since, advice)
            : null;

    /// <summary>The events up to and including her first cancel, real or duress; all of them if she never cancelled.</summary>
    public static IReadOnlyList<IEvent> UpToHerCancel(IReadOnlyList<IEvent> events)
    {
        var cancel = events.ToList().FindIndex(e => e.Data is AlertCancelled or AlertDuressSignalled { ShownAsCancelled: true });
        return cancel < 0 ? events : [.. events.Take(cancel + 1)];
    }
}
