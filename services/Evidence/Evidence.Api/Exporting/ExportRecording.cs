using System.Security.Claims;
using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Api.Storage;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Evidence.Api.Exporting;

/// <param name="Recipient">Who the export is for (a court, a lawyer, the police), as the custody log will name it.</param>
public sealed record ExportRequest(string? Reason, string? Recipient);

/// <summary>
/// The export a court receives: the original bytes as uploaded, the signed manifest, the custody log (this export
/// included) and the public keys, streamed chunk by chunk so no recording is ever held whole in memory.
/// </summary>
public static class ExportRecordingSlice
{
    public static void MapExportRecording(this RouteGroupBuilder evidence) =>
        evidence.MapPost("/recordings/{recordingId:guid}/exports", async (Guid recordingId, ExportRequest request, HttpContext http,
                ClaimsPrincipal user, IDocumentStore store, IServiceProvider services, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var reason = EvidenceCallers.RequireReason(request.Reason);
                if (string.IsNullOrWhiteSpace(request.Recipient) || request.Recipient.Length > 200)
                {
                    throw new ProblemException(StatusCodes.Status400BadRequest, ProblemTypes.Validation,
                        "Name who the export is for (\"recipient\", 1 to 200 characters): the custody log records it.");
                }
                await using var session = store.OpenSessionFor(user);
                var before = await session.LoadForAsync(recordingId, user, cancellationToken);
                if (!before.State!.IsSealed)
                {
                    throw ProblemException.Conflict("/problems/recording-not-sealed",
                        "Only a sealed recording can be exported: seal it first (POST .../seal).");
                }
                session.Events.Append(recordingId, new RecordingExported(request.Recipient.Trim(), reason, time.GetUtcNow(),
                    await user.ActorIdAsync(session, cancellationToken), user.Role()));
                await session.SaveChangesAsync(cancellationToken);

                var loaded = await session.LoadForAsync(recordingId, user, cancellationToken);
                var recording = loaded.State!;
                var seal = loaded.Events.Select(e => e.Data).OfType<RecordingSealed>().Single();
                var vault = services.VaultFor(session, recording.BeneficiaryId);
                var export = new EvidenceExport(seal.ManifestJson, new ManifestSignature(seal.SignatureKid, seal.SignatureAlg, seal.Signature),
                    CustodyTrail.From(loaded.Events).ToJsonLines(), await PlatformSigningKeys.PublishedAsync(session, cancellationToken),
                    async (sequence, token) =>
                    {
                        // One chunk (at most 4 MiB) decrypted at a time, then streamed into the ZIP.
                        var chunk = new MemoryStream();
                        await vault.ReadChunkAsync(recording.BeneficiaryId, recordingId, checked((int)sequence), chunk, token);
                        chunk.Position = 0;
                        return chunk;
                    });
                http.Response.ContentType = "application/zip";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{recordingId:D}.zip\"";
                await ExportWriter.WriteZipAsync(export, http.Response.Body, cancellationToken);
                return Results.Empty;
            })
            .RequireAuthorization(EvidencePolicies.Reader);
}
