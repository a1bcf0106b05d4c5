using System.Security.Claims;
using System.Text.Json;
using Marten;
using Platform.Evidence.Api.Recordings;
using Platform.Evidence.Api.Signing;
using Platform.Evidence.Integrity;
using Platform.Evidence.Storage.Blobs;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Evidence.Api.Erasing;

/// <param name="BeneficiaryId">Whose evidence, when an operator files her request for her; her own app leaves it out.</param>
public sealed record ErasureRequest(Guid? BeneficiaryId);

/// <summary>Her right to erasure: every recording of hers goes at once, unless a court holds one.</summary>
public static class EraseHerEvidenceSlice
{
    public static void MapErasure(this RouteGroupBuilder evidence)
    {
        evidence.MapPost("/erasures", async (ErasureRequest request, ClaimsPrincipal user, IDocumentStore store, IEvidenceBlobStore blobs,
                PlatformSigningKeys keys, TimeProvider time, CancellationToken cancellationToken) =>
            {
                var beneficiaryId = user.IsBeneficiary()
                    ? user.SubjectId()
                    : request.BeneficiaryId ?? throw new ProblemException(StatusCodes.Status400BadRequest, ProblemTypes.Validation,
                        "Name the beneficiary whose evidence is to be erased (\"beneficiaryId\").");
                await using var session = store.OpenSessionFor(user);
                var ids = await session.Query<RecordingSummary>().Where(r => r.BeneficiaryId == beneficiaryId).Select(r => r.Id)
                    .ToListAsync(cancellationToken);
                var recordings = new List<LoadedStream<Recording>>();
                foreach (var id in ids)
                {
                    var loaded = await session.LoadAsync<Recording>(id, RecordingEvolution.Evolve, cancellationToken);
                    if (loaded.State is not null)
                    {
                        recordings.Add(loaded);
                    }
                }
                // An operator's typo must not produce a proof of erasing someone who has nothing here.
                if (!user.IsBeneficiary() && ids.Count == 0
                    && await session.LoadAsync<Storage.BeneficiaryKeyRecord>(beneficiaryId, cancellationToken) is null)
                {
                    throw ProblemException.NotFound("Evidence of this beneficiary");
                }
                var held = recordings.Where(r => r.State!.OnLegalHold).Select(r => r.State!.Id).ToList();
                if (held.Count > 0)
                {
                    throw ProblemException.Conflict("/problems/legal-hold",
                        "A legal hold keeps some of these recordings; nothing was erased.",
                        $"Held: {string.Join(", ", held)}. The association releases a hold when the court no longer needs it.");
                }
                var proof = await Erasure.EraseAsync(session, blobs, keys, recordings, beneficiaryId, Erasure.AtHerRequest, user.Role(),
                    time.GetUtcNow(), cancellationToken);
                return Results.Created($"/api/evidence/erasures/{proof.Id:D}", View(proof));
            })
            .RequireAuthorization(EvidencePolicies.Reader);

        evidence.MapGet("/erasures/{erasureId:guid}", async (Guid erasureId, ClaimsPrincipal user, IDocumentStore store,
                CancellationToken cancellationToken) =>
            {
                await using var session = store.OpenSessionFor(user);
                var proof = await session.LoadAsync<ErasureProof>(erasureId, cancellationToken) ?? throw ProblemException.NotFound("The erasure");
                return Results.Ok(View(proof));
            })
            .RequireAuthorization(EvidencePolicies.Reader);
    }

    /// <summary>The signed bytes as they are (base64) beside their parsed form, so anyone can check the signature.</summary>
    private static object View(ErasureProof proof) => new
    {
        erasureId = proof.Id,
        proof = JsonDocument.Parse(proof.ProofJson).RootElement,
        proofJson = Convert.ToBase64String(proof.ProofJson),
        signingKeyId = proof.SigningKeyId,
        signature = proof.Signature,
        alg = ManifestSignature.Es256,
    };
}
