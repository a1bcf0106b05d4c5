using System.Security.Claims;
using Marten;
using Platform.Evidence.Api.Alerts;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Retaining;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Storage.Keys;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Evidence.Api.Starting;

/// <param name="RecordingId">Chosen by her app, so a start retried after a lost answer finds the same recording.</param>
public sealed record StartRecordingRequest(Guid AlertId, Guid? RecordingId);

public sealed record RecordingStartedView(Guid RecordingId, Guid AlertId, DateTimeOffset StartedAt);

/// <summary>Her app opens a recording for her alert, then uploads its chunks while the alert runs and after.</summary>
public static class StartRecordingSlice
{
    public const string TooManyRecordingsProblem = "/problems/too-many-recordings";

    /// <param name="recordingsOfTheAlert">How many recordings this alert already has.</param>
    public static IReadOnlyList<object> Decide(Recording? existing, KnownAlert alert, Guid recordingId, Guid associationId, Guid beneficiaryId,
        string actorId, DateTimeOffset now, int recordingsOfTheAlert, int maxRecordingsPerAlert) => existing switch
    {
        // A stolen or broken app must not fill the evidence store: each recording is bounded, and so is their number.
        null when recordingsOfTheAlert >= maxRecordingsPerAlert => throw ProblemException.Conflict(TooManyRecordingsProblem,
            $"This alert already has {recordingsOfTheAlert} recordings, the most one alert may have; nothing was started.",
            "Keep uploading to a recording already started."),
        null => [new RecordingStarted(recordingId, associationId, alert.Id, beneficiaryId, alert.DeviceId.ToString("D"), now, actorId,
            PlatformRoles.Beneficiary)],
        { } same when same.AlertId == alert.Id && same.BeneficiaryId == beneficiaryId => [],
        _ => throw ProblemException.Conflict("/problems/recording-id-taken", "This recording id is already used; choose another."),
    };

    public static void MapStartRecording(this RouteGroupBuilder evidence) =>
        evidence.MapPost("/recordings", async (StartRecordingRequest request, ClaimsPrincipal user, IDocumentStore store,
                EvidenceSettings settings, MasterKey masterKey, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var beneficiaryId = user.SubjectId();
                var alert = await HerAlertAsync(store, user, request.AlertId, settings, time, cancellationToken);
                await EnsureHerKeyAsync(store, user, masterKey, cancellationToken);
                var recordingId = request.RecordingId ?? Guid.CreateVersion7();
                var view = await ConcurrentWrites.RetryAsync(async () =>
                {
                    await using var session = store.OpenSessionFor(user);
                    var loaded = await session.LoadAsync<Recording>(recordingId, RecordingEvolution.Evolve, cancellationToken);
                    var now = time.GetUtcNow();
                    var recordingsOfTheAlert = await session.Query<RecordingSummary>().CountAsync(r => r.AlertId == alert.Id, cancellationToken);
                    var events = Decide(loaded.State, alert, recordingId, user.AssociationId(), beneficiaryId,
                        await user.ActorIdAsync(session, cancellationToken), now, recordingsOfTheAlert, settings.MaxRecordingsPerAlert);
                    if (events.Count > 0)
                    {
                        session.Events.StartStream<Recording>(recordingId, [.. events]);
                        session.Store(new RecordingSummary(recordingId, alert.Id, beneficiaryId, now));
                        session.ScheduleWakeUp(Sealing.SealWhenQuiet.KindName, recordingId, now + settings.SealWhenQuietFor);
                        if (alert.EndedAt is { } ended)
                        {
                            session.ScheduleWakeUp(RetentionWakeUp.KindName, recordingId, ended + settings.Retention);
                        }
                        await session.SaveChangesAsync(cancellationToken);
                    }
                    return new RecordingStartedView(recordingId, alert.Id, loaded.State?.StartedAt ?? now);
                });
                return Results.Created($"/api/evidence/recordings/{recordingId:D}", view);
            })
            .RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    /// <summary>
    /// Her alert as this service knows it. The press and the start of the recording leave her phone together, so the
    /// alert's own event may arrive a moment later: wait for it a little. Another woman's alert is a 404 at once.
    /// </summary>
    private static async Task<KnownAlert> HerAlertAsync(IDocumentStore store, ClaimsPrincipal user, Guid alertId, EvidenceSettings settings,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + settings.AlertArrivalWait;
        while (true)
        {
            await using (var session = store.QuerySession(user.AssociationId().ToString()))
            {
                if (await session.LoadAsync<KnownAlert>(alertId, cancellationToken) is { TriggeredAt: not null } alert)
                {
                    return alert.BeneficiaryId == user.SubjectId() ? alert : throw ProblemException.NotFound("The alert");
                }
            }
            if (time.GetUtcNow() >= deadline)
            {
                throw ProblemException.NotFound("The alert");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    /// <summary>Her key, made once, before her first recording: two first recordings at once must agree on one key.</summary>
    private static async Task EnsureHerKeyAsync(IDocumentStore store, ClaimsPrincipal user, MasterKey masterKey, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.OpenSessionFor(user);
            await new EvidenceKeyring(masterKey, new MartenKeyRecords(session, user.SubjectId()))
                .CreateBeneficiaryKeyAsync(user.SubjectId(), cancellationToken);
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // The other request made it: the key that exists is the one to use.
        }
    }
}
