using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Alerts.Api.Alerts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;
using System.Text.Json.Serialization;

namespace Platform.Alerts.Api.Timers;

/// <param name="LastKnownLocation">Hers always; her operators' only once the timer raised an alert (until then it is shared with nobody).</param>
/// <param name="AlertId">The alert it raised; absent from her view after a duress check-in, which must read as a real one, and
/// after a duress extension until its due time.</param>
/// <param name="Duress">Operators only.</param>
public sealed record SafetyTimerView(Guid Id, SafetyTimerStatus Status, Guid BeneficiaryId, DateTimeOffset StartedAt,
    DateTimeOffset DueAt, string? Note, Position? LastKnownLocation, DateTimeOffset? CheckedInAt, Guid? AlertId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duress)
{
    public override string ToString() => $"SafetyTimerView({Id})";
}

public sealed record SafetyTimerPage(IReadOnlyList<SafetyTimerSummary> Items);

public static class ReadTimersSlice
{
    public const int MaxListed = 100;

    /// <param name="forHer">Her phone may be in the hands of the person she fears: a duress check-in or extension reads as a real one.</param>
    public static SafetyTimerView ViewOf(SafetyTimer timer, bool forHer, DateTimeOffset now)
    {
        if (forHer)
        {
            var shown = timer.ShownToHer(now);
            return new SafetyTimerView(shown.Id, shown.Status, shown.BeneficiaryId, shown.StartedAt, shown.DueAt, shown.Note,
                shown.LastKnownLocation, shown.CheckedInAt, shown.AlertId, null);
        }
        return new SafetyTimerView(timer.Id, timer.Status, timer.BeneficiaryId, timer.StartedAt, timer.DueAt, timer.Note,
            timer.AlertId is null ? null : timer.LastKnownLocation, timer.CheckedInAt, timer.AlertId, timer.Duress);
    }

    public static SafetyTimerStatus? ParseStatus(string status) => status switch
    {
        "active" => SafetyTimerStatus.Active,
        "checkedIn" => SafetyTimerStatus.CheckedIn,
        "expired" => SafetyTimerStatus.Expired,
        _ => null,
    };

    public static void MapReadTimers(this RouteGroupBuilder timers)
    {
        timers.MapGet("/{timerId:guid}", GetAsync).RequireAuthorization(AlertsApi.HerOrHerOperators);
        timers.MapGet("/", ListAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
    }

    private static async Task<SafetyTimerView> GetAsync(Guid timerId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        CancellationToken cancellationToken)
    {
        // A tenant session only sees its own association's streams: another association's timer is simply absent.
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var timer = (await session.LoadAsync<SafetyTimer>(timerId, SafetyTimerEvolution.Evolve, cancellationToken)).State;
        var forHer = user.IsBeneficiary();
        if (timer is null || (forHer && timer.BeneficiaryId != user.SubjectId()))
        {
            throw ProblemException.NotFound("The timer");
        }
        return ViewOf(timer, forHer, time.GetUtcNow());
    }

    /// <summary>Her own timers, latest started first; <paramref name="status"/> as her phone sees it.</summary>
    private static async Task<Results<Ok<SafetyTimerPage>, ValidationProblem>> ListAsync(string? status, ClaimsPrincipal user,
        IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var wanted = status is null ? null : ParseStatus(status);
        if (status is not null && wanted is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["One of: active, checkedIn, expired."] },
                type: ProblemTypes.Validation);
        }
        var beneficiaryId = user.SubjectId();
        var now = time.GetUtcNow();
        await using var session = store.QuerySession(user.AssociationId().ToString());
        var query = session.Query<SafetyTimerSummary>().Where(timer => timer.BeneficiaryId == beneficiaryId);
        if (wanted is { } only)
        {
            query = query.Where(SafetyTimerSummary.ShownAs(only, now));
        }
        var items = await query.OrderByDescending(timer => timer.StartedAt).Take(MaxListed).ToListAsync(cancellationToken);
        return TypedResults.Ok(new SafetyTimerPage([.. items.Select(item => item.ShownAt(now))]));
    }
}
