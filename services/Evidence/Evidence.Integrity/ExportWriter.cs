using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Evidence.Integrity;

/// <summary>Opens one chunk's original bytes, exactly as stored at capture.</summary>
public delegate Task<Stream> OpenChunk(long sequence, CancellationToken cancellationToken);

/// <param name="ManifestJson">The manifest bytes as they were signed at seal time, never re-serialized.</param>
public sealed record EvidenceExport(
    ReadOnlyMemory<byte> ManifestJson,
    ManifestSignature Signature,
    ReadOnlyMemory<byte> CustodyJsonLines,
    PublicKeySet PublicKeys,
    OpenChunk OpenChunk);

public static class ExportWriter
{
    /// <summary>
    /// Writes the export ZIP. Audio is stored uncompressed and copied stream to stream: the recording is never
    /// held in memory, and the files a court extracts are byte for byte the ones captured.
    /// </summary>
    public static async Task WriteZipAsync(EvidenceExport export, Stream destination, CancellationToken cancellationToken = default)
    {
        var manifest = EvidenceManifest.Parse(export.ManifestJson.Span);
        var output = new SmallSyncWritesDeferred(destination);
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            await WriteEntriesAsync(zip, export, manifest, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
    }

    private static async Task WriteEntriesAsync(ZipArchive zip, EvidenceExport export, EvidenceManifest manifest, CancellationToken cancellationToken)
    {
        foreach (var chunk in manifest.Chunks.OrderBy(c => c.Sequence))
        {
            var entry = NewEntry(zip, ExportLayout.AudioChunk(chunk.Sequence, manifest.Format), manifest);
            await using var source = await export.OpenChunk(chunk.Sequence, cancellationToken);
            await using var target = await entry.OpenAsync(cancellationToken);
            await source.CopyToAsync(target, cancellationToken);
        }
        await WriteEntryAsync(zip, ExportLayout.Manifest, export.ManifestJson, manifest, cancellationToken);
        await WriteEntryAsync(zip, ExportLayout.Signature, export.Signature.ToJson(), manifest, cancellationToken);
        await WriteEntryAsync(zip, ExportLayout.Custody, export.CustodyJsonLines, manifest, cancellationToken);
        await WriteEntryAsync(zip, ExportLayout.PublicKeys, export.PublicKeys.ToJson(), manifest, cancellationToken);
        var readme = Encoding.UTF8.GetBytes(Readme(manifest, Convert.ToHexStringLower(SHA256.HashData(export.ManifestJson.Span))));
        await WriteEntryAsync(zip, ExportLayout.Readme, readme, manifest, cancellationToken);
    }

    private static ZipArchiveEntry NewEntry(ZipArchive zip, string name, EvidenceManifest manifest)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
        // A fixed time keeps two exports of the same sealed recording identical.
        entry.LastWriteTime = manifest.SealedAt;
        return entry;
    }

    private static async Task WriteEntryAsync(ZipArchive zip, string name, ReadOnlyMemory<byte> content, EvidenceManifest manifest, CancellationToken cancellationToken)
    {
        await using var target = await NewEntry(zip, name, manifest).OpenAsync(cancellationToken);
        await target.WriteAsync(content, cancellationToken);
    }

    private static string Readme(EvidenceManifest manifest, string manifestSha256) => $"""
        EVIDENCE EXPORT: audio recording {manifest.RecordingId} (alert {manifest.AlertId})
        Recorded from {CanonicalJson.Timestamp(manifest.StartedAt)}, sealed at {CanonicalJson.Timestamp(manifest.SealedAt)} (UTC).

        The files in audio/ are the original bytes the alert button sent, one file per chunk in
        recording order; nothing has been transcoded, trimmed or re-encoded. Play them in order
        (format: {manifest.Format.WireName()}). Each was hashed with SHA-256 when it arrived.

        CONTENTS
          audio/NNNNNN.{manifest.Format.FileExtension()}  the chunks, numbered from 000000
          manifest.json        what the platform attests: each chunk's SHA-256, size and arrival
                               time, and a chain head over all of them
          manifest.sig         the platform's ES256 (ECDSA P-256, SHA-256) signature of manifest.json
          custody.jsonl        every action on this recording (who, when, why), one JSON line each,
                               each line carrying the SHA-256 of the line before it
          public-keys.json     the platform's public keys; compare them with the keys the platform
                               publishes, do not trust only the copy in this export
          README.txt           this file

        VERIFY WITH THE TOOL
          dotnet Platform.EvidenceVerifier.dll verify export.zip --keys <published public-keys.json>
          (an extracted folder can be given instead of the ZIP)
          It prints every check with PASS or FAIL and exits 0 only when all pass.

        VERIFY BY HAND
          1. sha256sum audio/*  -- each value must equal the "sha256" of that chunk in manifest.json.
          2. sha256sum manifest.json  -- must be {manifestSha256};
             the "sealed" line of custody.jsonl names the same value.
          3. The signature: take the key whose "kid" is in manifest.sig from the published key set,
             write its "spki" (base64, DER SubjectPublicKeyInfo) as key.der, convert the signature
             (base64 of r||s, 32 bytes each) to DER, then
             openssl dgst -sha256 -verify key.der -keyform DER -signature sig.der manifest.json
          4. The chain head: link0 = SHA-256("{ChunkChain.DomainSeparator}" || recordingId as 16 bytes in
             the order it is written || sequence 0 as 8 bytes big-endian || SHA-256 of chunk 0);
             link_i = SHA-256(link_(i-1) || i as 8 bytes big-endian || SHA-256 of chunk i).
             The last link must equal "chainHead" in manifest.json. A missing chunk breaks the chain
             at that point; everything before it remains proven.
          5. custody.jsonl: on each line, delete the last field (,"hash":"...") from the text, keep
             the closing brace, and SHA-256 the rest: it must equal that "hash". "previousHash" must
             equal the "hash" of the line before (64 zeros on the first line).

        """;
}

/// <summary>
/// Keeps the few synchronous writes ZipArchive still makes on a non-seekable stream (an entry's data descriptor, 16 to 24
/// bytes, written when the entry closes) and sends them with the next asynchronous write: an HTTP response body refuses
/// synchronous writes. Everything else passes straight through.
/// </summary>
internal sealed class SmallSyncWritesDeferred(Stream inner) : Stream
{
    private readonly MemoryStream _pending = new();
    private long _position;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _pending.Write(buffer);
        _position += buffer.Length;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPendingAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
        _position += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPendingAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    // Nothing to do synchronously: pending bytes go out with the next asynchronous write or flush.
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length > 0)
        {
            await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
            _pending.SetLength(0);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _pending.Dispose();
        }
        base.Dispose(disposing);
    }
}
