namespace Platform.Evidence.Storage.Keys;

/// <summary>
/// master key -> beneficiary key -> recording data key. Shredding her beneficiary key record leaves every
/// recording key under it unwrappable, whatever copies of the blobs exist.
/// </summary>
public sealed class EvidenceKeyring(MasterKey masterKey, IKeyRecords records)
{
    private const int CurrentVersion = 1;

    public async Task CreateBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken = default)
    {
        if (await records.GetBeneficiaryKeyAsync(beneficiaryId, cancellationToken) is not null)
        {
            return;
        }

        var key = KeyWrapping.NewKey();
        try
        {
            var owner = beneficiaryId.ToString("D");
            await records.PutBeneficiaryKeyAsync(beneficiaryId,
                KeyWrapping.Wrap(masterKey.Bytes, key, WrappedKeyPurpose.BeneficiaryKey, owner, owner, CurrentVersion),
                cancellationToken);
        }
        finally
        {
            Array.Clear(key);
        }
    }

    /// <summary>Creates the recording's data key under her key on first use; the caller zeroes the returned key.</summary>
    public async Task<byte[]> GetOrCreateRecordingKeyAsync(Guid beneficiaryId, Guid recordingId, CancellationToken cancellationToken = default)
    {
        var beneficiaryKey = await UnwrapBeneficiaryKeyAsync(beneficiaryId, cancellationToken);
        try
        {
            if (await records.GetRecordingKeyAsync(recordingId, cancellationToken) is { } existing)
            {
                return KeyWrapping.Unwrap(beneficiaryKey, existing, WrappedKeyPurpose.RecordingKey, beneficiaryId.ToString("D"));
            }

            var dataKey = KeyWrapping.NewKey();
            await records.PutRecordingKeyAsync(recordingId,
                KeyWrapping.Wrap(beneficiaryKey, dataKey, WrappedKeyPurpose.RecordingKey,
                    beneficiaryId.ToString("D"), recordingId.ToString("D"), CurrentVersion),
                cancellationToken);
            return dataKey;
        }
        finally
        {
            Array.Clear(beneficiaryKey);
        }
    }

    /// <summary>The caller zeroes the returned key.</summary>
    public async Task<byte[]> GetRecordingKeyAsync(Guid beneficiaryId, Guid recordingId, CancellationToken cancellationToken = default)
    {
        var wrapped = await records.GetRecordingKeyAsync(recordingId, cancellationToken)
            ?? throw new EvidenceDecryptionException($"Recording {recordingId} has no key record.");
        var beneficiaryKey = await UnwrapBeneficiaryKeyAsync(beneficiaryId, cancellationToken);
        try
        {
            return KeyWrapping.Unwrap(beneficiaryKey, wrapped, WrappedKeyPurpose.RecordingKey, beneficiaryId.ToString("D"));
        }
        finally
        {
            Array.Clear(beneficiaryKey);
        }
    }

    /// <summary>Her erasure request: after this no recording of hers can be decrypted, from any store or backup.</summary>
    public Task ShredBeneficiaryAsync(Guid beneficiaryId, CancellationToken cancellationToken = default) =>
        records.DeleteBeneficiaryKeyAsync(beneficiaryId, cancellationToken);

    private async Task<byte[]> UnwrapBeneficiaryKeyAsync(Guid beneficiaryId, CancellationToken cancellationToken)
    {
        var wrapped = await records.GetBeneficiaryKeyAsync(beneficiaryId, cancellationToken)
            ?? throw new EvidenceDecryptionException($"Beneficiary {beneficiaryId} has no key: never created or shredded.");
        var owner = beneficiaryId.ToString("D");
        return KeyWrapping.Unwrap(masterKey.Bytes, wrapped, WrappedKeyPurpose.BeneficiaryKey, owner);
    }
}
