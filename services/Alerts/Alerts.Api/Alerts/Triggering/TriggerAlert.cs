using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Platform.Alerts.Api.Alerts.ChoosingPressPatterns;
using Platform.Alerts.Api.Alerts.Escalating;
using Platform.Alerts.Api.Alerts.Listing;
using Platform.Alerts.Api.Alerts.RefusingPresses;
using Platform.Alerts.Api.Devices;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.Triggering;

/// <summary>She pressed her button (or the alert button of her app); the app forwards the press with where she is.</summary>
/// <param name="Source">button (default), app, or drill; a timer or the SMS fallback are never claimed by a client.</param>
/// <param name="Device">The button's battery and link at the press, when the app knows them.</param>
public sealed record TriggerAlert(Guid? DeviceId, PressPattern? PressPattern, TriggerLocation? Location, AlertSource? Source = null,
    TriggerDevice? Device = null);

public sealed record TriggerDevice(int? BatteryPercent, int? SignalDbm);

public sealed record TriggerLocation(double? Latitude, double? Longitude, double? AccuracyMeters, DateTimeOffset? CapturedAt);

/// <summary>The promise made to the app: this alert is committed and will reach her contacts.</summary>
/// <param name="Response">What her press does, as she chose it (a full alert, or a discreet call-me request).</param>
/// <param name="StartRecording">Her press asked for a recording: the app starts the microphone now.</param>
/// <param name="LocationWarning">Present only when the press's capture time was refused (the press never is): why, as a problem.</param>
public sealed record AlertAccepted(Guid AlertId, AlertStatus Status, AlertResponse Response, bool StartRecording,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    LocationWarning? LocationWarning = null);

/// <summary>What was wrong with the position a press carried, shaped like a problem (RFC 7807) inside the 202.</summary>
public sealed record LocationWarning(string Type, string Title, string Detail)
{
    public const string CapturedInTheFutureProblem = "/problems/captured-in-the-future";

    public static readonly LocationWarning CapturedInTheFuture = new(CapturedInTheFutureProblem,
        "The position's capture time is in the future: it was dated when it was received.",
        "The alert is raised. Check the phone's clock: a capture time more than a minute ahead of the platform's is not believed.");
}

public static class TriggerAlertSlice
{
    public const string UnknownDeviceProblem = "/problems/unknown-device";
    public const string TooManyDrillsProblem = "/problems/too-many-drills";

    /// <summary>A drill texts every contact (marked TEST): three a day is enough to practise, not enough to harass them.</summary>
    public const int MaxDrillsPerDay = 3;
    public const int MaxPressIdLength = 128;

    public static Dictionary<string, string[]> Validate(TriggerAlert command, string? pressId)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(pressId) || pressId.Length > MaxPressIdLength)
        {
            errors["Idempotency-Key"] = [$"The header carries the button's press id (1 to {MaxPressIdLength} characters)."];
        }
        if (command.DeviceId is null || command.DeviceId == Guid.Empty)
        {
            errors["deviceId"] = ["Required."];
        }
        if (command.PressPattern is null || !Enum.IsDefined(command.PressPattern.Value))
        {
            errors["pressPattern"] = ["One of: singleClick, doubleClick, longPress."];
        }
        if (command.Source is { } source && source is not (AlertSource.Button or AlertSource.App or AlertSource.Drill))
        {
            errors["source"] = ["One of: button, app, drill (timers and the SMS fallback are raised by the platform itself)."];
        }
        if (command.Device is { } snapshot)
        {
            if (snapshot.BatteryPercent is not (null or >= 0 and <= 100))
            {
                errors["device.batteryPercent"] = ["From 0 to 100."];
            }
            if (snapshot.SignalDbm is not (null or >= -130 and <= 0))
            {
                errors["device.signalDbm"] = ["From -130 to 0 dBm."];
            }
        }
        if (command.Location is not { } location)
        {
            errors["location"] = ["Required: where she is when she presses."];
            return errors;
        }
        ValidateLocation(location, "location", errors);
        return errors;
    }

    /// <summary>The checks every position she sends passes, at the trigger and during the alert.</summary>
    public static void ValidateLocation(TriggerLocation location, string field, Dictionary<string, string[]> errors)
    {
        if (location.Latitude is not (>= -90 and <= 90))
        {
            errors[$"{field}.latitude"] = ["Between -90 and 90."];
        }
        if (location.Longitude is not (>= -180 and <= 180))
        {
            errors[$"{field}.longitude"] = ["Between -180 and 180."];
        }
        if (location.AccuracyMeters is not (>= 0 and <= 100_000))
        {
            errors[$"{field}.accuracyMeters"] = ["Between 0 and 100000 metres."];
        }
    }

    public const string RevokedDeviceProblem = "/problems/device-revoked";

    /// <summary>A press counts only from a button paired to her and not revoked; anything else could be a stolen button.</summary>
    public static AlertTriggered Decide(TriggerAlert command, string pressId, Guid associationId, Guid beneficiaryId,
        PairedDevice? device, DateTimeOffset now, PressPatternSettings? patterns = null)
    {
        if (device is null || device.BeneficiaryId != beneficiaryId)
        {
            throw ProblemException.Unprocessable(UnknownDeviceProblem, "This button is not paired to you.",
                "Ask your association to pair the button again.");
        }
        if (device.RevokedAs is not null)
        {
            throw ProblemException.Unprocessable(RevokedDeviceProblem, "This button was reported lost or retired and cannot raise alerts.",
                "If you are in danger, raise the alert from the app or call 17.");
        }
        var location = command.Location!;
        var action = (patterns ?? PressPatternSettings.DefaultFor(beneficiaryId)).ActionFor(command.PressPattern!.Value);
        var (position, replaced) = Position.OfPress(location.Latitude!.Value, location.Longitude!.Value, location.AccuracyMeters!.Value,
            location.CapturedAt, now);
        return new AlertTriggered(Alert.IdFor(associationId, beneficiaryId, pressId), associationId, beneficiaryId, device.Id,
            command.PressPattern!.Value, position, pressId, now, command.Source ?? AlertSource.Button,
            action == PressAction.CallMeWithAnExcuse ? AlertResponse.CallMeWithAnExcuse : AlertResponse.FullAlert,
            command.Device is { } snapshot ? new DeviceSnapshot(snapshot.BatteryPercent, snapshot.SignalDbm) : null,
            action == PressAction.FullAlertAndRecord, replaced);
    }

    /// <summary>
    /// Within this window a press joins the alert she already raised: the same press by her phone's other path, or her
    /// pressing again (in panic, or someone pressing with her phone to text her contacts over and over).
    /// </summary>
    public static readonly TimeSpan SamePressWindow = TimeSpan.FromMinutes(2);

    /// <summary>Past this many alerts of hers still running, any press joins the latest: no phone can text her contacts without end.</summary>
    public const int MaxRunningAlerts = 3;

    /// <summary>
    /// The running alert a press joins, or null for a new alert: her latest press-raised alert that does at least what this
    /// press asks (a full alert never joins a discreet "call me"), raised within the window, or at any time once she has
    /// <see cref="MaxRunningAlerts"/> running. Drills and timers never join nor are joined.
    /// </summary>
    public static Guid? AlertToJoin(IEnumerable<AlertSummary> herAlerts, AlertSource source, AlertResponse response, DateTimeOffset now,
        TimeSpan window)
    {
        if (source is AlertSource.Drill or AlertSource.Timer)
        {
            return null;
        }
        var running = herAlerts
            .Where(alert => alert.Status == AlertStatus.Triggered && alert.Source is AlertSource.Button or AlertSource.App or AlertSource.SmsFallback
                && alert.TriggeredAt <= now)
            .ToList();
        var atLeastAsMuch = running.Where(alert => alert.Response == AlertResponse.FullAlert || response == AlertResponse.CallMeWithAnExcuse)
            .OrderByDescending(alert => alert.TriggeredAt).ToList();
        return atLeastAsMuch.FirstOrDefault(alert => now - alert.TriggeredAt <= window)?.Id
            ?? (running.Count >= MaxRunningAlerts ? atLeastAsMuch.FirstOrDefault()?.Id : null);
    }

    /// <summary>
    /// Starts the alert, or joins the one the same press already raised by the other path. Idempotent: the same press id
    /// always answers with the same alert.
    /// </summary>
    /// <returns>The alert the press belongs to.</returns>
    public static async Task<Guid> StartOrJoinAsync(IDocumentSession session, AlertTriggered triggered, CancellationToken cancellationToken)
    {
        // Her presses are decided one at a time (across replicas), so two at once cannot both start an alert, and a join
        // that meets another writer of the alert's stream (an escalation step, a delivery) is decided again, never refused.
        for (var attempt = 1; ; attempt++)
        {
            await using var locked = session.DocumentStore.OpenTracedSession(session.TenantId);
            try
            {
                return await StartOrJoinLockedAsync(locked, triggered, cancellationToken);
            }
            catch (Exception conflict) when (attempt < 10 && conflict is JasperFx.Events.EventStreamUnexpectedMaxEventIdException
                or JasperFx.ConcurrencyException or Npgsql.PostgresException { SqlState: "MT003" })
            {
            }
        }
    }

    private static async Task<Guid> StartOrJoinLockedAsync(IDocumentSession session, AlertTriggered triggered, CancellationToken cancellationToken)
    {
        await AdvisoryLocks.LockForTransactionAsync(session, DeterministicIds.From("presses", triggered.BeneficiaryId), cancellationToken);
        if (await KnownAlertAsync(session, triggered.AlertId, cancellationToken) is { } known)
        {
            // The same press, sent again while the first was being decided.
            return known;
        }
        // Drills and timers never join: no need to look at her other alerts for them.
        if (triggered.Source is not (AlertSource.Drill or AlertSource.Timer))
        {
            var herRunning = await session.Query<AlertSummary>()
                .Where(alert => alert.BeneficiaryId == triggered.BeneficiaryId && alert.Status == AlertStatus.Triggered)
                .ToListAsync(cancellationToken);
            if (AlertToJoin(herRunning, triggered.Source, triggered.Response, triggered.At, SamePressWindow) is { } joined)
            {
                session.Events.Append(joined, new PressJoined(joined, triggered.AssociationId, triggered.Source, triggered.PressId, triggered.At));
                // The press's own id now names the alert it joined, so its retries find it.
                session.Store(new JoinedPress(triggered.AlertId, joined));
                await session.SaveChangesAsync(cancellationToken);
                return joined;
            }
        }
        // Read only for a new alert: a joined press has its escalation already.
        var policy = await session.LoadAsync<EscalationPolicy>(triggered.AssociationId, cancellationToken)
            ?? EscalationPolicy.DefaultFor(triggered.AssociationId);
        Start(session, triggered, policy);
        try
        {
            // The commit is the durability point: once this returns, the alert cannot be lost.
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            // The same press arrived twice at once: the other request committed it.
        }
        return triggered.AlertId;
    }

    /// <summary>The alert a press id already belongs to (its own, or the one it joined); null for a new press.</summary>
    public static async Task<Guid?> KnownAlertAsync(IQuerySession session, Guid pressAlertId, CancellationToken cancellationToken) =>
        await session.Events.FetchStreamStateAsync(pressAlertId, cancellationToken) is not null
            ? pressAlertId
            : (await session.LoadAsync<JoinedPress>(pressAlertId, cancellationToken))?.AlertId;

    public static void MapTriggerAlert(this RouteGroupBuilder alerts) =>
        alerts.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<Accepted<AlertAccepted>, ValidationProblem>> HandleAsync(TriggerAlert command,
        [FromHeader(Name = "Idempotency-Key")] string? pressId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = Validate(command, pressId);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var associationId = user.AssociationId();
        var beneficiaryId = user.SubjectId();
        var alertId = Alert.IdFor(associationId, beneficiaryId, pressId!);
        await using var session = store.OpenTracedSession(associationId.ToString());
        if (await KnownAlertAsync(session, alertId, cancellationToken) is { } known)
        {
            return await AcceptedAsync(session, known, cancellationToken);
        }
        var device = await session.LoadAsync<PairedDevice>(command.DeviceId!.Value, cancellationToken);
        if (device is { RevokedAs: { } reason } && device.BeneficiaryId == beneficiaryId)
        {
            // Kept for her association before the refusal: a lost button pressed may be in the abuser's hands.
            session.Store(new RefusedPress(Guid.CreateVersion7(), device.Id, beneficiaryId, reason, time.GetUtcNow()));
            await session.SaveChangesAsync(cancellationToken);
        }
        if (command.Source == AlertSource.Drill)
        {
            var since = time.GetUtcNow().AddDays(-1);
            var drills = await session.Query<AlertSummary>()
                .Where(alert => alert.BeneficiaryId == beneficiaryId && alert.Source == AlertSource.Drill && alert.TriggeredAt > since)
                .Select(alert => alert.TriggeredAt).ToListAsync(cancellationToken);
            DailyLimit.Refuse(drills, MaxDrillsPerDay, time.GetUtcNow(), TooManyDrillsProblem,
                $"At most {MaxDrillsPerDay} drills a day: each one texts all her contacts.", "A real press is never limited.");
        }
        var patterns = await session.LoadAsync<PressPatternSettings>(beneficiaryId, cancellationToken);
        var triggered = Decide(command, pressId!, associationId, beneficiaryId, device, time.GetUtcNow(), patterns);
        var belongsTo = await StartOrJoinAsync(session, triggered, cancellationToken);
        var accepted = belongsTo == triggered.AlertId
            ? Accepted(belongsTo, triggered.Response, triggered.StartRecording)
            : await JoinedAsync(session, belongsTo, triggered, cancellationToken);
        return triggered.CaptureTimeReplaced
            ? TypedResults.Accepted(accepted.Location, accepted.Value! with { LocationWarning = LocationWarning.CapturedInTheFuture })
            : accepted;
    }

    /// <summary>
    /// Starts an alert's stream, its line in the operators' list and its escalation, in the session's transaction: every
    /// way an alert begins (a press, a timer running out, an SMS fallback) goes through here.
    /// </summary>
    /// <param name="policy">Her association's escalation policy: the first wake-up is set for its first step. Without one,
    /// the wake-up looks at once (a duress raised with the alert is due now) and sets the next itself.</param>
    public static void Start(IDocumentSession session, AlertTriggered triggered, EscalationPolicy? policy = null)
    {
        session.Events.StartStream<Alert>(triggered.AlertId, triggered);
        session.Store(AlertSummary.Of(AlertEvolution.Evolve(null, triggered)!));
        // The escalation's first wake-up commits with the alert, so a crash right after the 202 cannot lose it. A discreet
        // "call me" never escalates: nothing to wake up for.
        if (triggered.Response == AlertResponse.FullAlert || policy is null)
        {
            session.ScheduleWakeUp(Escalation.WakeUpKind, triggered.AlertId, triggered.At + (policy?.DueAfter(2) ?? TimeSpan.Zero));
        }
    }

    /// <summary>A repeated or joined press gets the answer the alert's own press got.</summary>
    private static async Task<Accepted<AlertAccepted>> AcceptedAsync(IQuerySession session, Guid alertId, CancellationToken cancellationToken)
    {
        var alert = (await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken)).State!;
        return Accepted(alertId, alert.Response, alert.StartRecording);
    }

    /// <summary>A press that joined a running alert: a long press still tells her app to record.</summary>
    private static async Task<Accepted<AlertAccepted>> JoinedAsync(IQuerySession session, Guid alertId, AlertTriggered press,
        CancellationToken cancellationToken)
    {
        var alert = (await session.LoadAsync<Alert>(alertId, AlertEvolution.Evolve, cancellationToken)).State!;
        return Accepted(alertId, alert.Response, alert.StartRecording || press.StartRecording);
    }

    private static Accepted<AlertAccepted> Accepted(Guid alertId, AlertResponse response, bool startRecording) =>
        TypedResults.Accepted($"/api/alerts/{alertId}", new AlertAccepted(alertId, AlertStatus.Triggered, response, startRecording));
}

/// <summary>A press that joined the alert its other path raised: its own alert id points there.</summary>
/// <param name="Id">The alert id the press would have had.</param>
public sealed record JoinedPress(Guid Id, Guid AlertId);
