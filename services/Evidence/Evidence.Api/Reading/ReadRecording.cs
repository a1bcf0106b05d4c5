using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Evidence.Api.Reading;

public sealed record RecordingView(
    Guid RecordingId,
    Guid AlertId,
    string Format,
    DateTimeOffset StartedAt,
    IReadOnlyList<StoredChunk> Chunks,
    Sealing.SealView? Seal,
    bool OnLegalHold,
    IReadOnlyList<CustodyEntry> Custody);

/// <summary>
/// Every read of evidence is written in its custody log before a byte is served: who, in what role, and why. A read
/// whose entry cannot be written is refused.
/// </summary>
public static class ReadRecordingSlice
{
    public static void MapReadRecording(this RouteGroupBuilder evidence)
    {
        evidence.MapGet("/recordings/{recordingId:guid}", async (Guid recordingId, [FromHeader(Name = EvidenceCallers.AccessReasonHeader)] string? reason,
                ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var why = EvidenceCallers.RequireReason(reason);
                await using var session = store.OpenSessionFor(user);
                await session.LoadForAsync(recordingId, user, cancellationToken);
                await RecordAccessAsync(session, recordingId, user, "recording details and custody log", why, time, cancellationToken);
                // Read back, so the log she or the officer sees ends with this very access.
                var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
                var recording = loaded.State!;
                var seal = loaded.Events.Select(e => e.Data).OfType<RecordingSealed>().SingleOrDefault();
                return Results.Ok(new RecordingView(recording.Id, recording.AlertId, recording.Format.WireName(), recording.StartedAt,
                    [.. recording.Chunks.Values], seal is null ? null : Sealing.SealRecordingSlice.View(recording, seal), recording.OnLegalHold,
                    CustodyTrail.From(loaded.Events).Entries));
            })
            .RequireAuthorization(EvidencePolicies.Reader);

        evidence.MapGet("/recordings/{recordingId:guid}/chunks/{sequence:int:min(0)}", async (Guid recordingId, int sequence,
                [FromHeader(Name = EvidenceCallers.AccessReasonHeader)] string? reason, HttpResponse response, ClaimsPrincipal user,
                IDocumentStore store, IServiceProvider services, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var why = EvidenceCallers.RequireReason(reason);
                await using var session = store.OpenSessionFor(user);
                var recording = (await session.LoadForAsync(recordingId, user, cancellationToken)).State!;
                if (!recording.Chunks.ContainsKey(sequence))
                {
                    throw ProblemException.NotFound("The chunk");
                }
                await RecordAccessAsync(session, recordingId, user, $"audio chunk {sequence}", why, time, cancellationToken);
                response.ContentType = recording.Format switch
                {
                    AudioFormat.AacAdts => "audio/aac",
                    AudioFormat.OggOpus => "audio/ogg",
                    AudioFormat.Mp3 => "audio/mpeg",
                    AudioFormat.Wav => "audio/wav",
                    _ => "application/octet-stream",
                };
                await services.VaultFor(session, recording.BeneficiaryId).ReadChunkAsync(recording.BeneficiaryId, recordingId, sequence,
                    response.Body, cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(EvidencePolicies.Reader);
    }

    /// <summary>
    /// Appends who read what and why, and commits it, before the caller serves anything. The caller has loaded the
    /// recording for this user (<see cref="EvidenceCallers.LoadForAsync"/>), so a refused read records nothing.
    /// </summary>
    public static async Task RecordAccessAsync(IDocumentSession session, Guid recordingId, ClaimsPrincipal user, string what, string reason,
        TimeProvider time, CancellationToken cancellationToken)
    {
        session.Events.Append(recordingId, new RecordingAccessed(what, reason, time.GetUtcNow(),
            await user.ActorIdAsync(session, cancellationToken), user.Role()));
        await session.SaveChangesAsync(cancellationToken);
    }
}
