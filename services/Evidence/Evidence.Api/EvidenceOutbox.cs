using JasperFx.Events;
using Platform.Evidence.Api.Recordings;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Evidence.Contracts;

namespace Platform.Evidence.Api;

/// <summary>What the evidence service tells others: only that a recording was sealed. Nothing of its content, nothing of her.</summary>
public sealed class EvidenceOutbox : IPureIntegrationEventMapper<EvidenceOutbox>
{
    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed)
    {
        var id = DeterministicIds.From(committed.Id, committed.Data.GetType().Name);
        return committed.Data switch
        {
            RecordingSealed sealedRecording =>
                [new(id, new Contract.EvidenceSealed(id, sealedRecording.At, sealedRecording.AssociationId, sealedRecording.AlertId,
                    committed.StreamId, sealedRecording.StartedAt, sealedRecording.At, sealedRecording.Chunks, sealedRecording.Bytes,
                    sealedRecording.ManifestSha256, sealedRecording.SignatureKid, sealedRecording.Complete))],
            Erasing.HerErasureRequested { UnderDuress: false } requested => [new(id, new Contract.EvidenceErasureRequested(id, requested.RequestedAt,
                requested.AssociationId, requested.BeneficiaryId, requested.ErasureId, requested.ErasesAt))],
            _ => [],
        };
    }
}
