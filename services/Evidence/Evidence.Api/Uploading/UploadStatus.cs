using System.Security.Claims;
using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Evidence.Api.Uploading;

public sealed record UploadStatusView(Guid RecordingId, IReadOnlyList<StoredChunk> Stored, IReadOnlyList<long> Missing, bool Sealed);

/// <summary>
/// What her app needs to resume after losing the network or restarting: which chunks the platform holds (sequence, hash,
/// size), which are missing before the last one, and whether it is sealed. No audio and no custody log, so it is not an
/// access to the evidence and leaves no custody entry: her app may ask after every reconnection.
/// </summary>
public static class UploadStatusSlice
{
    public static UploadStatusView View(Recording recording)
    {
        var missing = recording.Chunks.Count == 0
            ? []
            : Enumerable.Range(0, recording.Chunks.Keys.Max()).Where(sequence => !recording.Chunks.ContainsKey(sequence)).Select(s => (long)s).ToList();
        return new UploadStatusView(recording.Id, [.. recording.Chunks.Values], missing, recording.IsSealed);
    }

    public static void MapUploadStatus(this RouteGroupBuilder evidence) =>
        evidence.MapGet("/recordings/{recordingId:guid}/upload", async (Guid recordingId, ClaimsPrincipal user, IDocumentStore store,
                CancellationToken cancellationToken) =>
            {
                await using var session = store.OpenSessionFor(user);
                var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
                return Results.Ok(View(loaded.State!));
            })
            .RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);
}
