using System.Security.Cryptography;
using System.Text;
using Platform.Evidence.Storage.Blobs;
using Platform.Evidence.Storage.Keys;

namespace Platform.Evidence.Storage.Tests;

/// <summary>Test material: fake audio with a text marker inside, so stored bytes can be searched for plaintext.</summary>
public static class Recordings
{
    public static readonly byte[] Marker = Encoding.ASCII.GetBytes("PLAINTEXT-MARKER-she-said-help");

    public static string NewMasterKeyBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A chunk of random "audio" (incompressible, like real audio) with the marker at its start and middle.</summary>
    public static byte[] Chunk(int sequence, int size = 256 * 1024)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        Marker.CopyTo(bytes, 0);
        Marker.CopyTo(bytes, size / 2);
        bytes[Marker.Length] = (byte)sequence;
        return bytes;
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public static (EvidenceVault Vault, EvidenceKeyring Keyring, InMemoryKeyRecordsForTests Records) Vault(IEvidenceBlobStore blobs)
    {
        var records = new InMemoryKeyRecordsForTests();
        var keyring = new EvidenceKeyring(MasterKey.FromBase64(NewMasterKeyBase64()), records);
        return (new EvidenceVault(keyring, blobs), keyring, records);
    }

    /// <summary>Stores three chunks, reads them back one at a time, and checks each against what was stored.</summary>
    public static async Task AssertThreeChunkRoundTripAsync(EvidenceVault vault, EvidenceKeyring keyring)
    {
        var beneficiary = Guid.NewGuid();
        var recording = Guid.NewGuid();
        await keyring.CreateBeneficiaryKeyAsync(beneficiary);
        var chunks = new[] { Chunk(0), Chunk(1), Chunk(2, size: 1000) };
        for (var sequence = 0; sequence < chunks.Length; sequence++)
        {
            await vault.StoreChunkAsync(beneficiary, recording, sequence, new MemoryStream(chunks[sequence]));
        }

        for (var sequence = 0; sequence < chunks.Length; sequence++)
        {
            using var output = new MemoryStream();
            Assert.True(await vault.ReadChunkAsync(beneficiary, recording, sequence, output));
            Assert.Equal(chunks[sequence], output.ToArray());
        }

        Assert.False(await vault.ReadChunkAsync(beneficiary, recording, 3, new MemoryStream()));
    }
}
