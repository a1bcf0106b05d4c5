using System.Text.Json;
using Platform.Evidence.Storage.Blobs;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Storage.Tests;

public sealed class KeyHierarchyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "evidence-keys-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void A_wrapped_key_survives_a_trip_through_System_Text_Json()
    {
        var master = KeyWrapping.NewKey();
        var key = KeyWrapping.NewKey();
        var wrapped = KeyWrapping.Wrap(master, key, WrappedKeyPurpose.BeneficiaryKey, "her", "her", 1);

        var copy = JsonSerializer.Deserialize<WrappedKey>(JsonSerializer.Serialize(wrapped))!;

        Assert.Equal(key, KeyWrapping.Unwrap(master, copy, WrappedKeyPurpose.BeneficiaryKey, "her"));
    }

    [Fact]
    public void A_recording_key_copied_under_another_recording_id_does_not_unwrap()
    {
        var beneficiaryKey = KeyWrapping.NewKey();
        var wrapped = KeyWrapping.Wrap(beneficiaryKey, KeyWrapping.NewKey(), WrappedKeyPurpose.RecordingKey, "her", "recording-a", 1);

        var copied = wrapped with { KeyId = "recording-b" };

        Assert.Throws<EvidenceDecryptionException>(() => KeyWrapping.Unwrap(beneficiaryKey, copied, WrappedKeyPurpose.RecordingKey, "her"));
    }

    [Fact]
    public void A_key_wrapped_for_one_owner_does_not_unwrap_for_another()
    {
        var master = KeyWrapping.NewKey();
        var wrapped = KeyWrapping.Wrap(master, KeyWrapping.NewKey(), WrappedKeyPurpose.BeneficiaryKey, "her", "her", 1);

        Assert.Throws<EvidenceDecryptionException>(() => KeyWrapping.Unwrap(master, wrapped, WrappedKeyPurpose.BeneficiaryKey, "someone-else"));
    }

    [Fact]
    public void A_beneficiary_key_does_not_unwrap_as_a_recording_key()
    {
        var master = KeyWrapping.NewKey();
        var wrapped = KeyWrapping.Wrap(master, KeyWrapping.NewKey(), WrappedKeyPurpose.BeneficiaryKey, "her", "her", 1);

        Assert.Throws<EvidenceDecryptionException>(() => KeyWrapping.Unwrap(master, wrapped, WrappedKeyPurpose.RecordingKey, "her"));
    }

    [Fact]
    public void Another_master_key_does_not_unwrap_her_key()
    {
        var wrapped = KeyWrapping.Wrap(KeyWrapping.NewKey(), KeyWrapping.NewKey(), WrappedKeyPurpose.BeneficiaryKey, "her", "her", 1);

        Assert.Throws<EvidenceDecryptionException>(() => KeyWrapping.Unwrap(KeyWrapping.NewKey(), wrapped, WrappedKeyPurpose.BeneficiaryKey, "her"));
    }

    [Fact]
    public void A_tampered_wrapped_key_does_not_unwrap()
    {
        var master = KeyWrapping.NewKey();
        var wrapped = KeyWrapping.Wrap(master, KeyWrapping.NewKey(), WrappedKeyPurpose.BeneficiaryKey, "her", "her", 1);
        wrapped.Ciphertext[0] ^= 1;

        Assert.Throws<EvidenceDecryptionException>(() => KeyWrapping.Unwrap(master, wrapped, WrappedKeyPurpose.BeneficiaryKey, "her"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==")]
    public void A_master_key_that_is_not_32_bytes_of_base64_is_refused(string? configured)
    {
        Assert.Throws<InvalidOperationException>(() => MasterKey.FromBase64(configured));
    }

    [Fact]
    public async Task Shredding_her_beneficiary_key_makes_every_recording_of_hers_unreadable_but_not_anyone_elses()
    {
        var blobs = new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootDirectory = _root });
        var (vault, keyring, records) = Recordings.Vault(blobs);
        var her = Guid.NewGuid();
        var other = Guid.NewGuid();
        await keyring.CreateBeneficiaryKeyAsync(her);
        await keyring.CreateBeneficiaryKeyAsync(other);
        var herRecordings = new[] { Guid.NewGuid(), Guid.NewGuid() };
        foreach (var recording in herRecordings)
        {
            await vault.StoreChunkAsync(her, recording, 0, new MemoryStream(Recordings.Chunk(0)));
        }

        var otherRecording = Guid.NewGuid();
        await vault.StoreChunkAsync(other, otherRecording, 0, new MemoryStream(Recordings.Chunk(0)));

        await keyring.ShredBeneficiaryAsync(her);

        foreach (var recording in herRecordings)
        {
            // The encrypted blob and the wrapped recording key are both still there: only her key is gone.
            Assert.True(await blobs.ExistsAsync(EvidenceBlobKeys.Chunk(recording, 0)));
            Assert.True(records.RecordingKeys.ContainsKey(recording));
            await Assert.ThrowsAsync<EvidenceDecryptionException>(() => vault.ReadChunkAsync(her, recording, 0, new MemoryStream()));
        }

        Assert.True(await vault.ReadChunkAsync(other, otherRecording, 0, new MemoryStream()));
    }

    [Fact]
    public async Task A_new_key_created_for_her_after_shredding_does_not_bring_old_recordings_back()
    {
        var (vault, keyring, _) = Recordings.Vault(new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootDirectory = _root }));
        var her = Guid.NewGuid();
        var recording = Guid.NewGuid();
        await keyring.CreateBeneficiaryKeyAsync(her);
        await vault.StoreChunkAsync(her, recording, 0, new MemoryStream(Recordings.Chunk(0)));

        await keyring.ShredBeneficiaryAsync(her);
        await keyring.CreateBeneficiaryKeyAsync(her);

        await Assert.ThrowsAsync<EvidenceDecryptionException>(() => vault.ReadChunkAsync(her, recording, 0, new MemoryStream()));
    }
}
