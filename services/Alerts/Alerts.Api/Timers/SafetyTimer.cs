using Platform.Alerts.Api.Alerts;
using Platform.ServiceDefaults;
using System.Linq.Expressions;
using System.Text.Json.Serialization;

namespace Platform.Alerts.Api.Timers;

// Domain events of a safety timer: private to this service, never published (nothing leaves until an alert fires).

/// <param name="Note">Hers, shown back to her and her association's operators only: never logged.</param>
/// <param name="Location">Where she was when she started it: a timer always has a position to raise its alert with.</param>
public sealed record SafetyTimerStarted(Guid TimerId, Guid AssociationId, Guid BeneficiaryId, Guid? DeviceId, DateTimeOffset DueAt,
    string? Note, Position Location, DateTimeOffset At)
{
    public override string ToString() => $"SafetyTimerStarted({TimerId})";
}

public sealed record SafetyTimerExtended(Guid TimerId, Guid AssociationId, DateTimeOffset DueAt, DateTimeOffset At);

/// <summary>Where she is now: kept on the timer alone, shared with nobody until an alert fires.</summary>
public sealed record SafetyTimerPositionUpdated(Guid TimerId, Guid AssociationId, Position Location, DateTimeOffset At)
{
    public override string ToString() => $"SafetyTimerPositionUpdated({TimerId})";
}

/// <summary>She checked in with her cancel PIN: she is safe, the timer stops.</summary>
public sealed record SafetyTimerCheckedIn(Guid TimerId, Guid AssociationId, DateTimeOffset At);

public sealed record SafetyTimerWrongPinEntered(Guid TimerId, Guid AssociationId, DateTimeOffset At);

/// <summary>The timer raised its alert (always this one, whatever the cause: a timer fires once).</summary>
public sealed record SafetyTimerExpired(Guid TimerId, Guid AssociationId, Guid AlertId, SafetyTimerAlertCause Cause, DateTimeOffset At);

/// <summary>Her phone was told the timer is checked in while its alert goes on (her duress PIN, or any PIN after the wrong ones).</summary>
public sealed record SafetyTimerCheckInShown(Guid TimerId, Guid AssociationId, DateTimeOffset At);

/// <summary>
/// Her phone was told the timer is now due at <paramref name="DueAt"/> while its alert goes on (her duress PIN extended it,
/// or any PIN extended it again after): until then it reads as running, then as a real expiry reads.
/// </summary>
public sealed record SafetyTimerExtensionShown(Guid TimerId, Guid AssociationId, DateTimeOffset DueAt, DateTimeOffset At);

/// <summary>Her phone was told the timer fired on too many wrong PINs, while it had already fired on her duress PIN.</summary>
public sealed record SafetyTimerExpiryShown(Guid TimerId, Guid AssociationId, DateTimeOffset At);

public enum SafetyTimerAlertCause
{
    /// <summary>The due time passed without a check-in.</summary>
    DueTimePassed,
    DuressPin,
    WrongPinsExceeded,
}

public enum SafetyTimerStatus
{
    Active,
    CheckedIn,
    Expired,
}

/// <summary>One safety timer: the stream is the truth; this is what it adds up to.</summary>
/// <param name="LastKnownLocation">The latest position she gave it, by capture time: what its alert starts with.</param>
public sealed record SafetyTimer(Guid Id, Guid AssociationId, Guid BeneficiaryId, Guid? DeviceId, string? Note, DateTimeOffset StartedAt,
    DateTimeOffset DueAt, Position LastKnownLocation, SafetyTimerStatus Status)
{
    public int WrongPins { get; init; }

    public DateTimeOffset? CheckedInAt { get; init; }

    /// <summary>The alert it raised, once expired.</summary>
    public Guid? AlertId { get; init; }

    public SafetyTimerAlertCause? Cause { get; init; }

    /// <summary>When her phone was told it is checked in while its alert goes on. Never shown to her as such.</summary>
    public DateTimeOffset? CheckInShownAt { get; init; }

    /// <summary>The due time her phone was told after her duress PIN extended it (its alert already went out).</summary>
    public DateTimeOffset? ExtensionShownDueAt { get; init; }

    /// <summary>When her phone was told it fired on wrong PINs, after her duress PIN had fired it while showing an extension.</summary>
    public DateTimeOffset? ExpiryShownAt { get; init; }

    /// <summary>A duress PIN or too many wrong PINs: its alert goes to the association first. Operators only.</summary>
    public bool Duress => Cause is SafetyTimerAlertCause.DuressPin or SafetyTimerAlertCause.WrongPinsExceeded;

    /// <summary>
    /// The timer as her own token may see it at <paramref name="now"/>: after a duress, exactly what the real check-in
    /// shows, or the real extension until its due time, then the real expiry (and the alert it raised).
    /// </summary>
    public SafetyTimer ShownToHer(DateTimeOffset now)
    {
        var dueAt = ExtensionShownDueAt ?? DueAt;
        return this switch
        {
            { CheckInShownAt: { } shownAt } => this with
            {
                Status = SafetyTimerStatus.CheckedIn, DueAt = dueAt, CheckedInAt = CheckedInAt ?? shownAt, AlertId = null, Cause = null,
            },
            { ExtensionShownDueAt: null } => this,
            { ExpiryShownAt: null } when now < dueAt => this with
            {
                Status = SafetyTimerStatus.Active, DueAt = dueAt, AlertId = null, Cause = null,
            },
            _ => this with
            {
                Status = SafetyTimerStatus.Expired, DueAt = dueAt,
                Cause = ExpiryShownAt is null ? SafetyTimerAlertCause.DueTimePassed : SafetyTimerAlertCause.WrongPinsExceeded,
            },
        };
    }

    /// <summary>The timer's id follows from her start request's key: the app retrying a start lands on the same timer.</summary>
    public static Guid IdFor(Guid associationId, Guid beneficiaryId, string startId) =>
        DeterministicIds.From("safety-timer", associationId, beneficiaryId, startId);

    /// <summary>The one alert a timer can raise: firing twice (two replicas, a retry) lands on the same stream.</summary>
    public static Guid AlertIdFor(Guid associationId, Guid beneficiaryId, Guid timerId) =>
        Alert.IdFor(associationId, beneficiaryId, PressIdFor(timerId));

    public static string PressIdFor(Guid timerId) => $"timer:{timerId}";

    public override string ToString() => $"SafetyTimer({Id}, {Status})";
}

/// <summary>How each event changes a timer (apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class SafetyTimerEvolution
{
    public static SafetyTimer? Evolve(SafetyTimer? state, object @event) => (state, @event) switch
    {
        (null, SafetyTimerStarted e) => new SafetyTimer(e.TimerId, e.AssociationId, e.BeneficiaryId, e.DeviceId, e.Note, e.At, e.DueAt,
            e.Location, SafetyTimerStatus.Active),
        (not null, SafetyTimerExtended e) => state with { DueAt = e.DueAt },
        (not null, SafetyTimerPositionUpdated e) => state with { LastKnownLocation = LocationTrail.Latest(state.LastKnownLocation, [e.Location]) },
        (not null, SafetyTimerCheckedIn e) => state with { Status = SafetyTimerStatus.CheckedIn, CheckedInAt = e.At },
        (not null, SafetyTimerWrongPinEntered) => state with { WrongPins = state.WrongPins + 1 },
        (not null, SafetyTimerExpired e) => state with { Status = SafetyTimerStatus.Expired, AlertId = e.AlertId, Cause = e.Cause },
        (not null, SafetyTimerCheckInShown e) => state with { CheckInShownAt = state.CheckInShownAt ?? e.At },
        (not null, SafetyTimerExtensionShown e) => state with { ExtensionShownDueAt = e.DueAt },
        (not null, SafetyTimerExpiryShown e) => state with { ExpiryShownAt = state.ExpiryShownAt ?? e.At },
        _ => state,
    };

    public static SafetyTimer After(SafetyTimer timer, IEnumerable<object> events) =>
        events.Aggregate(timer, (state, e) => Evolve(state, e)!);
}

/// <summary>Her line in her list of timers, written in the transaction that appends to the timer, so it is never behind.</summary>
/// <param name="Status">As shown to her: after a duress check-in, checked in; after a duress extension, active.</param>
/// <param name="DueAt">As shown to her: after a duress extension, the due time she asked for.</param>
public sealed record SafetyTimerSummary(Guid Id, Guid BeneficiaryId, SafetyTimerStatus Status, DateTimeOffset StartedAt,
    DateTimeOffset DueAt, string? Note)
{
    /// <summary>
    /// Stored only after a duress extension: it already fired, yet reads as active until then, then as expired, as a real
    /// one reads once it fires. Never in her answers (<see cref="ShownAt"/> drops it).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? ShownActiveUntil { get; init; }

    public static SafetyTimerSummary Of(SafetyTimer timer, DateTimeOffset now)
    {
        var shown = timer.ShownToHer(now);
        return new(timer.Id, timer.BeneficiaryId, shown.Status, timer.StartedAt, shown.DueAt, timer.Note)
        {
            ShownActiveUntil = shown.Status == SafetyTimerStatus.Active && timer.Status != SafetyTimerStatus.Active ? shown.DueAt : null,
        };
    }

    /// <summary>Her line as her phone may see it at <paramref name="now"/>.</summary>
    public SafetyTimerSummary ShownAt(DateTimeOffset now) => this with
    {
        Status = ShownActiveUntil is { } until && now >= until ? SafetyTimerStatus.Expired : Status,
        ShownActiveUntil = null,
    };

    /// <summary>Her lines that read as <paramref name="status"/> at <paramref name="now"/> (the database's side of <see cref="ShownAt"/>).</summary>
    public static Expression<Func<SafetyTimerSummary, bool>> ShownAs(SafetyTimerStatus status, DateTimeOffset now) => status switch
    {
        SafetyTimerStatus.Active => line => line.Status == SafetyTimerStatus.Active && (line.ShownActiveUntil == null || line.ShownActiveUntil > now),
        SafetyTimerStatus.Expired => line => line.Status == SafetyTimerStatus.Expired || line.ShownActiveUntil <= now,
        _ => line => line.Status == status,
    };

    public override string ToString() => $"SafetyTimerSummary({Id})";
}
