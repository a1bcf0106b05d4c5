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

/// <summary>
/// Her right to erasure: every recording of hers goes, unless a court holds one. Filed by an evidence officer for her, at
/// once; from her own app, after a delay her association is told of (whoever holds her phone may be destroying evidence).
/// </summary>
public static class EraseHerEvidenceSlice
{
    public static void MapErasure(this RouteGroupBuilder evidence)
    {
        evidence.MapPost("/erasures", async (ErasureRequest request, ClaimsPrincipal user, SentPinConfirmation pin, IDocumentStore store,
                IEvidenceBlobStore blobs, PlatformSigningKeys keys, EvidenceSettings settings, TimeProvider time,
                CancellationToken cancellationToken) =>
            {
                await using var session = store.OpenSessionFor(user);
                if (user.IsBeneficiary())
                {
                    // Her own app may be in his hands: her PIN confirms it, and her request waits while her association is
                    // told and can hold. Her status line reads the same under her duress PIN; her operators read the truth.
                    var confirmation = await pin.RequireAsync(user, ProtectedAction.ErasingHerEvidence);
                    var pending = await HerDelayedErasure.RequestAsync(session, user.AssociationId(), user.SubjectId(),
                        settings.HerErasureDelay, time.GetUtcNow(), confirmation.Duress, cancellationToken);
                    return Results.Accepted($"/api/evidence/erasures/{pending.ErasureId:D}", pending);
                }
                var beneficiaryId = request.BeneficiaryId ?? throw new ProblemException(StatusCodes.Status400BadRequest, ProblemTypes.Validation,
                    "Name the beneficiary whose evidence is to be erased (\"beneficiaryId\").");
                var recordings = await HerDelayedErasure.HerRecordingsAsync(session, beneficiaryId, cancellationToken);
                // An operator's typo must not produce a proof of erasing someone who has nothing here.
                if (recordings.Count == 0 && await session.LoadAsync<Storage.BeneficiaryKeyRecord>(beneficiaryId, cancellationToken) is null)
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
                if (await HerDelayedErasure.ViewAsync(session, erasureId, cancellationToken) is { } pending)
                {
                    // A hold tells whoever reads it that evidence exists: her phone keeps reading "pending".
                    return Results.Ok(user.IsBeneficiary() ? pending with { Status = HerDelayedErasure.Pending } : pending);
                }
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
