using Marten;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Api.Storage;

/// <summary>Her key, wrapped by the master key, and the random name her recordings carry instead of her id.</summary>
/// <remarks>Deleted (never soft-deleted) at erasure: that is the crypto-shredding step, and it unlinks the pseudonym.</remarks>
public sealed record BeneficiaryKeyRecord(Guid Id, WrappedKey Key, string Pseudonym);

public sealed record RecordingKeyRecord(Guid Id, Guid BeneficiaryId, WrappedKey Key);

/// <summary>Key records in the request's own session: a new key commits with the event that first used it, or not at all.</summary>
public sealed class MartenKeyRecords(IDocumentSession session, Guid ownerId) : IKeyRecords
{
    public async Task<WrappedKey?> GetBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default) =>
        (await session.LoadAsync<BeneficiaryKeyRecord>(beneficiaryId, cancellationToken))?.Key;

    // Insert, not upsert: two first recordings at once must never replace the key the other one wrapped with.
    public Task PutBeneficiaryKeyAsync(Guid beneficiaryId, WrappedKey key, CancellationToken cancellationToken = default)
    {
        session.Insert(new BeneficiaryKeyRecord(beneficiaryId, key, Pseudonyms.New()));
        return Task.CompletedTask;
    }

    public Task DeleteBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default)
    {
        session.HardDelete<BeneficiaryKeyRecord>(beneficiaryId);
        session.HardDeleteWhere<RecordingKeyRecord>(record => record.BeneficiaryId == beneficiaryId);
        return Task.CompletedTask;
    }

    public async Task<WrappedKey?> GetRecordingKeyAsync(Guid recordingId, CancellationToken cancellationToken = default) =>
        (await session.LoadAsync<RecordingKeyRecord>(recordingId, cancellationToken))?.Key;

    public Task PutRecordingKeyAsync(Guid recordingId, WrappedKey key, CancellationToken cancellationToken = default)
    {
        session.Insert(new RecordingKeyRecord(recordingId, ownerId, key));
        return Task.CompletedTask;
    }
}

public static class Pseudonyms
{
    // Random, not derived from her id: once her record is deleted nothing links a sealed manifest back to her.
    public static string New() => $"bnf-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))}";
}
