using System.Security.Claims;
using Marten;
using Platform.Evidence.Api.Storage;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Evidence.Api.Recordings;

/// <summary>Who may touch a recording, and how they are named in its custody log.</summary>
public static class EvidenceCallers
{
    public const string AccessReasonHeader = "X-Access-Reason";
    public const string PlatformActor = "platform";
    public const string PlatformRole = "platform";
    public const string MissingReasonProblem = "/problems/access-reason-required";

    /// <summary>She reads her own recordings; an operator holding the evidence right reads her association's. Contacts never.</summary>
    public static bool MayRead(this ClaimsPrincipal user, Recording recording) =>
        user.IsBeneficiary()
            ? user.SubjectId() == recording.BeneficiaryId
            : user.IsInRole(PlatformRoles.Operator) && user.HasClaim(PlatformClaims.Rights, PlatformRights.Evidence);

    public static string Role(this ClaimsPrincipal user) => user.IsBeneficiary() ? PlatformRoles.Beneficiary : PlatformRoles.Operator;

    /// <summary>Operators by their id; her by her pseudonym, so an exported custody log names her no more than the manifest does.</summary>
    public static async Task<string> ActorIdAsync(this ClaimsPrincipal user, IQuerySession session, CancellationToken cancellationToken)
    {
        if (!user.IsBeneficiary())
        {
            return user.SubjectId().ToString("D");
        }
        var record = await session.LoadAsync<BeneficiaryKeyRecord>(user.SubjectId(), cancellationToken);
        return record?.Pseudonym ?? throw ProblemException.NotFound("The recording");
    }

    public static string RequireReason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, MissingReasonProblem, "Every access to evidence states its reason.",
                $"Say why, in 1 to 500 characters ({AccessReasonHeader} header for reads, \"reason\" in the body otherwise).");
        }
        return reason.Trim();
    }

    /// <summary>
    /// The recording as the caller may see it, in her association's session. Someone else's recording and a missing one
    /// answer the same 404; an erased one answers 410 with the proof that it was erased.
    /// </summary>
    public static async Task<LoadedStream<Recording>> LoadForAsync(this IDocumentSession session, Guid recordingId, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var loaded = await session.LoadAsync<Recording>(recordingId, RecordingEvolution.Evolve, cancellationToken);
        if (loaded.State is { } recording && user.MayRead(recording))
        {
            return loaded;
        }
        if (loaded.State is null && await session.LoadAsync<ErasedRecording>(recordingId, cancellationToken) is { } erased)
        {
            throw new ProblemException(StatusCodes.Status410Gone, "/problems/recording-erased", "This recording was erased.",
                $"Erasure {erased.ErasureId:D} at {erased.ErasedAt:O}; its proof is at /api/evidence/erasures/{erased.ErasureId:D}.");
        }
        throw ProblemException.NotFound("The recording");
    }

    public static IDocumentSession OpenSessionFor(this IDocumentStore store, ClaimsPrincipal user) =>
        store.OpenTracedSession(user.AssociationId().ToString());
}
