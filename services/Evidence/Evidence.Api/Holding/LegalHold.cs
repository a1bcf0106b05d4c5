using System.Security.Claims;
using Marten;
using Platform.Evidence.Api.Alerts;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Retaining;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Holding;

public sealed record LegalHoldRequest(string? Reason);

/// <summary>A court case needs the recording kept: a hold stops retention and erasure until the association releases it.</summary>
public static class LegalHoldSlice
{
    public static IReadOnlyList<object> DecidePlace(Recording recording, string reason, string actorId, string role, DateTimeOffset now) =>
        recording.OnLegalHold ? [] : [new LegalHoldPlaced(reason, now, actorId, role)];

    public static IReadOnlyList<object> DecideRelease(Recording recording, string reason, string actorId, string role, DateTimeOffset now) =>
        recording.OnLegalHold ? [new LegalHoldReleased(reason, now, actorId, role)] : [];

    public static void MapLegalHold(this RouteGroupBuilder evidence)
    {
        evidence.MapPost("/recordings/{recordingId:guid}/legal-hold", (Guid recordingId, LegalHoldRequest request, ClaimsPrincipal user,
                IDocumentStore store, EvidenceSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
                DecideAsync(recordingId, request, user, store, settings, time, DecidePlace, cancellationToken))
            .RequireAuthorization(EvidencePolicies.Custodian);

        evidence.MapPost("/recordings/{recordingId:guid}/legal-hold/release", (Guid recordingId, LegalHoldRequest request, ClaimsPrincipal user,
                IDocumentStore store, EvidenceSettings settings, TimeProvider time, CancellationToken cancellationToken) =>
                DecideAsync(recordingId, request, user, store, settings, time, DecideRelease, cancellationToken))
            .RequireAuthorization(EvidencePolicies.Custodian);
    }

    private static async Task<IResult> DecideAsync(Guid recordingId, LegalHoldRequest request, ClaimsPrincipal user, IDocumentStore store,
        EvidenceSettings settings, TimeProvider time, Func<Recording, string, string, string, DateTimeOffset, IReadOnlyList<object>> decide,
        CancellationToken cancellationToken)
    {
        var reason = EvidenceCallers.RequireReason(request.Reason);
        var onHold = await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenSessionFor(user);
            var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
            var events = decide(loaded.State!, reason, await user.ActorIdAsync(session, cancellationToken), user.Role(), time.GetUtcNow());
            session.AppendAfter(recordingId, loaded, events);
            if (events.OfType<LegalHoldReleased>().Any()
                && await session.LoadAsync<KnownAlert>(loaded.State!.AlertId, cancellationToken) is { EndedAt: { } ended })
            {
                // Retention skipped the held recording; its clock resumes where it would have been.
                session.ScheduleWakeUp(RetentionWakeUp.KindName, recordingId, ended + settings.Retention);
            }
            await session.SaveChangesAsync(cancellationToken);
            return events.Count > 0 ? events[0] is LegalHoldPlaced : loaded.State!.OnLegalHold;
        });
        return Results.Ok(new { recordingId, onLegalHold = onHold });
    }
}
