namespace Platform.Evidence.Storage.Keys;

/// <summary>
/// Where wrapped keys are kept (a database in production). Deleting a beneficiary key is the crypto-shredding
/// step: it must really remove the row (no soft delete), or her recordings stay readable.
/// </summary>
public interface IKeyRecords
{
    Task<WrappedKey?> GetBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default);

    Task PutBeneficiaryKeyAsync(Guid beneficiaryId, WrappedKey key, CancellationToken cancellationToken = default);

    Task DeleteBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default);

    Task<WrappedKey?> GetRecordingKeyAsync(Guid recordingId, CancellationToken cancellationToken = default);

    Task PutRecordingKeyAsync(Guid recordingId, WrappedKey key, CancellationToken cancellationToken = default);
}
