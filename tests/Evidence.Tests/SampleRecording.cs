using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

/// <summary>A sealed recording of a few ADTS chunks, its signed manifest, custody log and export.</summary>
internal sealed class SampleRecording
{
    public static readonly DateTimeOffset StartedAt = new(2026, 11, 20, 21, 14, 3, 250, TimeSpan.Zero);

    private SampleRecording(IReadOnlyList<byte[]> chunks, EvidenceManifest manifest, byte[] manifestJson, ManifestSignature signature, CustodyLog custody, PublicKeySet publishedKeys)
    {
        Chunks = chunks;
        Manifest = manifest;
        ManifestJson = manifestJson;
        Signature = signature;
        Custody = custody;
        PublishedKeys = publishedKeys;
    }

    public IReadOnlyList<byte[]> Chunks { get; }

    public EvidenceManifest Manifest { get; }

    public byte[] ManifestJson { get; }

    public ManifestSignature Signature { get; }

    public CustodyLog Custody { get; }

    public PublicKeySet PublishedKeys { get; }

    /// <param name="signingKey">Signs the manifest.</param>
    /// <param name="publishedKeys">The keys put in the export; the signing key's alone by default.</param>
    public static SampleRecording Seal(SigningKey signingKey, PublicKeySet? publishedKeys = null, int chunkCount = 5)
    {
        var recordingId = Guid.Parse("0b9e4a52-31c7-4f0e-9d2a-6a4f1c0e7b11");
        var chunks = Enumerable.Range(0, chunkCount).Select(AdtsChunk).ToList();
        var custody = new CustodyLog();
        custody.Append(StartedAt, CustodyAction.Started, "device:button-7f3a", "device");
        var manifestChunks = new List<ManifestChunk>();
        for (var sequence = 0; sequence < chunkCount; sequence++)
        {
            var receivedAt = StartedAt.AddSeconds(5 * (sequence + 1));
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(chunks[sequence]));
            manifestChunks.Add(new ManifestChunk(sequence, sha256, chunks[sequence].Length, receivedAt));
            custody.Append(receivedAt, CustodyAction.ChunkStored, "device:button-7f3a", "device", detail: $"chunk {sequence} sha256={sha256}");
        }
        var chain = ChunkChain.Over(recordingId, manifestChunks.Select(c => new ChunkDigest(c.Sequence, Convert.FromHexString(c.Sha256))));
        var sealedAt = StartedAt.AddMinutes(2);
        var manifest = new EvidenceManifest(
            EvidenceManifest.CurrentVersion, recordingId, Guid.Parse("5d1f7c3e-8a42-4b6d-b0e9-2f7a9c4d1e63"), "ben_q7TzK2", "button-7f3a",
            AudioFormat.AacAdts, manifestChunks, StartedAt, sealedAt, chain.HeadHex!, signingKey.KeyId);
        var manifestJson = manifest.ToCanonicalJson();
        custody.Append(sealedAt, CustodyAction.Sealed, "service:evidence", "system",
            detail: CustodyLog.SealedDetail(Convert.ToHexStringLower(SHA256.HashData(manifestJson))));
        custody.Append(sealedAt.AddDays(3), CustodyAction.Exported, "staff:42", "caseworker", reason: "requisition of the Lyon prosecutor, case 26/01234");
        var keys = publishedKeys ?? new PublicKeySet([signingKey.Publish(StartedAt.AddDays(-30))]);
        return new SampleRecording(chunks, manifest, manifestJson, ManifestSigner.Sign(manifestJson, signingKey), custody, keys);
    }

    public async Task<byte[]> ExportZipAsync()
    {
        var export = new EvidenceExport(ManifestJson, Signature, Custody.ToJsonLines(), PublishedKeys,
            (sequence, _) => Task.FromResult<Stream>(new MemoryStream(Chunks[(int)sequence], writable: false)));
        using var zip = new MemoryStream();
        await ExportWriter.WriteZipAsync(export, zip);
        return zip.ToArray();
    }

    // One ADTS frame (MPEG-4 AAC LC, 44.1 kHz, stereo) whose payload differs per chunk.
    public static byte[] AdtsChunk(int sequence)
    {
        const int FrameLength = 32;
        var frame = new byte[FrameLength];
        frame[0] = 0xFF;
        frame[1] = 0xF1;
        frame[2] = 0x50;
        frame[3] = 0x80 | ((FrameLength >> 11) & 0x03);
        frame[4] = (byte)((FrameLength >> 3) & 0xFF);
        frame[5] = (byte)(((FrameLength & 0x07) << 5) | 0x1F);
        frame[6] = 0xFC;
        for (var i = 7; i < FrameLength; i++)
        {
            frame[i] = (byte)(sequence * 31 + i);
        }
        return frame;
    }
}

/// <summary>An export's files in memory, to tamper with one and zip them again.</summary>
internal static class ZipContents
{
    public static Dictionary<string, byte[]> Read(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        var files = new Dictionary<string, byte[]>();
        foreach (var entry in zip.Entries)
        {
            using var content = entry.Open();
            using var buffer = new MemoryStream();
            content.CopyTo(buffer);
            files[entry.FullName] = buffer.ToArray();
        }
        return files;
    }

    public static byte[] Write(Dictionary<string, byte[]> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var target = zip.CreateEntry(name).Open();
                target.Write(content);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] Tamper(byte[] zipBytes, Action<Dictionary<string, byte[]>> change)
    {
        var files = Read(zipBytes);
        change(files);
        return Write(files);
    }

    /// <summary>Flips one bit of the byte <paramref name="offset"/> bytes after <paramref name="marker"/> (on the given line, 1-based, if any).</summary>
    public static void FlipByteAfter(byte[] content, string marker, int offset = 0, int line = 1)
    {
        var text = Encoding.UTF8.GetString(content);
        var lineStart = 0;
        for (var i = 1; i < line; i++)
        {
            lineStart = text.IndexOf('\n', lineStart) + 1;
        }
        var position = text.IndexOf(marker, lineStart, StringComparison.Ordinal) + marker.Length + offset;
        content[Encoding.UTF8.GetByteCount(text.AsSpan(0, position))] ^= 0x01;
    }
}
