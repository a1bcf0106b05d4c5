using System.Collections.Concurrent;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Storage.Tests;

/// <summary>FOR UNIT TESTS OF THIS LIBRARY ONLY: key records must live in a durable database, never in process memory.</summary>
public sealed class InMemoryKeyRecordsForTests : IKeyRecords
{
    public ConcurrentDictionary<Guid, WrappedKey> BeneficiaryKeys { get; } = new();

    public ConcurrentDictionary<Guid, WrappedKey> RecordingKeys { get; } = new();

    public Task<WrappedKey?> GetBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default) =>
        Task.FromResult(BeneficiaryKeys.GetValueOrDefault(beneficiaryId));

    public Task PutBeneficiaryKeyAsync(Guid beneficiaryId, WrappedKey key, CancellationToken cancellationToken = default)
    {
        BeneficiaryKeys[beneficiaryId] = key;
        return Task.CompletedTask;
    }

    public Task DeleteBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default)
    {
        BeneficiaryKeys.TryRemove(beneficiaryId, out _);
        return Task.CompletedTask;
    }

    public Task<WrappedKey?> GetRecordingKeyAsync(Guid recordingId, CancellationToken cancellationToken = default) =>
        Task.FromResult(RecordingKeys.GetValueOrDefault(recordingId));

    public Task PutRecordingKeyAsync(Guid recordingId, WrappedKey key, CancellationToken cancellationToken = default)
    {
        RecordingKeys[recordingId] = key;
        return Task.CompletedTask;
    }
}
