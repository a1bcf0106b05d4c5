using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Evidence.Integrity;

/// <summary>One finding, worded for a judge or a lawyer: what was checked and what was found.</summary>
public sealed record VerificationCheck(string Subject, bool Passed, string Finding)
{
    public override string ToString() => $"{Subject}: {Finding}";
}

public sealed record VerificationReport(IReadOnlyList<VerificationCheck> Checks)
{
    public bool AllPassed => Checks.Count > 0 && Checks.All(c => c.Passed);

    public IEnumerable<VerificationCheck> Failures => Checks.Where(c => !c.Passed);
}

/// <summary>Where the export's files are: a ZIP as delivered, or the folder it was extracted to.</summary>
internal interface IExportFiles
{
    IEnumerable<string> Names { get; }

    Stream? Open(string name);
}

public static class ExportVerifier
{
    private const string ChainHeadSubject = "chain head";

    /// <param name="trustedKeys">
    /// The platform's published keys. When given, public-keys.json inside the export is ignored: whoever could
    /// alter the export could also put their own key in it.
    /// </param>
    public static async Task<VerificationReport> VerifyZipAsync(Stream zip, PublicKeySet? trustedKeys, CancellationToken cancellationToken = default)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return new VerificationReport([new VerificationCheck("export", false, $"is not a readable ZIP file ({e.Message})")]);
        }
        using (archive)
        {
            // Two entries with one name would let two tools show a court two different files.
            var ambiguous = archive.Entries.GroupBy(e => e.FullName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (ambiguous.Count > 0)
            {
                return new VerificationReport([.. ambiguous.Select(name => new VerificationCheck(name, false, "appears more than once in the ZIP, so which copy is the evidence is ambiguous"))]);
            }
            return await VerifyAsync(new ZipFiles(archive), trustedKeys, cancellationToken);
        }
    }

    public static Task<VerificationReport> VerifyDirectoryAsync(string directory, PublicKeySet? trustedKeys, CancellationToken cancellationToken = default) =>
        VerifyAsync(new DirectoryFiles(directory), trustedKeys, cancellationToken);

    private static async Task<VerificationReport> VerifyAsync(IExportFiles files, PublicKeySet? trustedKeys, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        var manifestJson = await ReadSmallFileAsync(files, ExportLayout.Manifest, checks, cancellationToken);
        EvidenceManifest? manifest = null;
        if (manifestJson is not null)
        {
            try
            {
                manifest = EvidenceManifest.Parse(manifestJson);
            }
            catch (FormatException e)
            {
                checks.Add(new VerificationCheck(ExportLayout.Manifest, false, $"cannot be read ({e.Message})"));
            }
        }

        if (manifest is not null)
        {
            var fileHashes = await CheckAudioChunksAsync(files, manifest, checks, cancellationToken);
            CheckChainHead(manifest, fileHashes, checks);
        }
        if (manifestJson is not null)
        {
            await CheckSignatureAsync(files, manifestJson, manifest, trustedKeys, checks, cancellationToken);
        }
        var custody = await ReadSmallFileAsync(files, ExportLayout.Custody, checks, cancellationToken);
        if (custody is not null)
        {
            CheckCustody(Encoding.UTF8.GetString(custody), manifestJson, checks);
        }
        return new VerificationReport(checks);
    }

    private static async Task<Dictionary<long, byte[]>> CheckAudioChunksAsync(
        IExportFiles files, EvidenceManifest manifest, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<long, byte[]>();
        var listed = manifest.Chunks.Select(c => c.Sequence).ToHashSet();
        foreach (var chunk in manifest.Chunks.OrderBy(c => c.Sequence))
        {
            var name = ExportLayout.AudioChunk(chunk.Sequence, manifest.Format);
            var subject = $"audio chunk {chunk.Sequence} ({name})";
            await using var content = files.Open(name);
            if (content is null)
            {
                checks.Add(new VerificationCheck(subject, false, "file is missing from the export"));
                continue;
            }
            var hash = await SHA256.HashDataAsync(content, cancellationToken);
            hashes[chunk.Sequence] = hash;
            var actual = Convert.ToHexStringLower(hash);
            checks.Add(actual == chunk.Sha256
                ? new VerificationCheck(subject, true, "SHA-256 matches the manifest")
                : new VerificationCheck(subject, false, $"SHA-256 does not match the manifest (manifest {chunk.Sha256}, file {actual})"));
        }
        foreach (var name in files.Names.Where(n => n.StartsWith("audio/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (!ExportLayout.TryParseAudioChunk(name, out var sequence) || !listed.Contains(sequence)
                || name != ExportLayout.AudioChunk(sequence, manifest.Format))
            {
                checks.Add(new VerificationCheck(name, false, "file is not listed in the manifest"));
            }
        }
        return hashes;
    }

    private static void CheckChainHead(EvidenceManifest manifest, Dictionary<long, byte[]> fileHashes, List<VerificationCheck> checks)
    {
        var claimed = ChunkChain.Over(manifest.RecordingId, manifest.ChunkDigests());
        if (claimed.MissingSequences.Count > 0 || claimed.ConflictingSequences.Count > 0)
        {
            var gap = claimed.ContiguousChunks;
            checks.Add(new VerificationCheck(ChainHeadSubject, false,
                $"the manifest lists no single chunk {gap}; {ProvenPrefix(gap)}"));
            return;
        }
        if (claimed.HeadHex != manifest.ChainHead)
        {
            checks.Add(new VerificationCheck(ChainHeadSubject, false,
                $"the manifest's chain head {manifest.ChainHead} is not the chain of its own chunk list ({claimed.HeadHex ?? "empty"})"));
            return;
        }

        var found = ChunkChain.Over(manifest.RecordingId, fileHashes.Select(h => new ChunkDigest(h.Key, h.Value)));
        for (var sequence = 0; sequence < claimed.ContiguousChunks; sequence++)
        {
            var name = ExportLayout.AudioChunk(sequence, manifest.Format);
            if (sequence >= found.ContiguousChunks)
            {
                checks.Add(new VerificationCheck(ChainHeadSubject, false,
                    $"chunk {sequence} ({name}) is missing from the export, so the chain cannot reach the manifest's head; {ProvenPrefix(sequence)}"));
                return;
            }
            if (!found.Links[sequence].Span.SequenceEqual(claimed.Links[sequence].Span))
            {
                checks.Add(new VerificationCheck(ChainHeadSubject, false,
                    $"the chain breaks at chunk {sequence} ({name}): its content is not what was chained at capture; {ProvenPrefix(sequence)}"));
                return;
            }
        }
        checks.Add(new VerificationCheck(ChainHeadSubject, true,
            $"recomputed from the {found.ContiguousChunks} audio files, matches the manifest ({manifest.ChainHead})"));
    }

    private static string ProvenPrefix(long firstBadSequence) => firstBadSequence == 0
        ? "no chunk of the recording is proven by the chain"
        : $"the recording is proven intact through chunk {firstBadSequence - 1}";

    private static async Task CheckSignatureAsync(
        IExportFiles files, byte[] manifestJson, EvidenceManifest? manifest, PublicKeySet? trustedKeys,
        List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        var signatureJson = await ReadSmallFileAsync(files, ExportLayout.Signature, checks, cancellationToken);
        if (signatureJson is null)
        {
            return;
        }
        ManifestSignature signature;
        try
        {
            signature = ManifestSignature.Parse(signatureJson);
        }
        catch (FormatException e)
        {
            checks.Add(new VerificationCheck(ExportLayout.Signature, false, $"cannot be read ({e.Message})"));
            return;
        }

        string keySource;
        PublicKeySet keys;
        if (trustedKeys is not null)
        {
            keys = trustedKeys;
            keySource = "the key set given to the verifier";
        }
        else
        {
            var keysJson = await ReadSmallFileAsync(files, ExportLayout.PublicKeys, checks, cancellationToken);
            if (keysJson is null)
            {
                return;
            }
            try
            {
                keys = PublicKeySet.Parse(keysJson);
            }
            catch (FormatException e)
            {
                checks.Add(new VerificationCheck(ExportLayout.PublicKeys, false, $"cannot be read ({e.Message})"));
                return;
            }
            keySource = "public-keys.json inside the export (compare it with the platform's published keys)";
        }

        const string Subject = "manifest.sig";
        if (signature.Alg != ManifestSignature.Es256)
        {
            checks.Add(new VerificationCheck(Subject, false, $"uses algorithm '{signature.Alg}', only {ManifestSignature.Es256} is accepted"));
            return;
        }
        if (keys.Find(signature.Kid) is not { } key)
        {
            checks.Add(new VerificationCheck(Subject, false, $"signing key {signature.Kid} is not in {keySource}"));
            return;
        }
        if (!key.KidMatchesKey())
        {
            checks.Add(new VerificationCheck(Subject, false, $"key {signature.Kid} in {keySource} is not the key that id names"));
            return;
        }
        if (manifest is not null && manifest.SigningKeyId != signature.Kid)
        {
            checks.Add(new VerificationCheck(Subject, false, $"is signed with key {signature.Kid} but manifest.json names key {manifest.SigningKeyId}"));
            return;
        }
        if (manifest is not null && !key.WasValidAt(manifest.SealedAt))
        {
            checks.Add(new VerificationCheck(Subject, false, $"key {signature.Kid} was not valid when the manifest was sealed ({CanonicalJson.Timestamp(manifest.SealedAt)})"));
            return;
        }
        checks.Add(ManifestSigner.Verify(manifestJson, signature, key)
            ? new VerificationCheck(Subject, true, $"the signature of manifest.json verifies with key {key.Kid} from {keySource}")
            : new VerificationCheck(Subject, false, $"the signature of manifest.json does not verify with key {key.Kid} from {keySource}: manifest.json or manifest.sig was altered"));
    }

    private static void CheckCustody(string jsonLines, byte[]? manifestJson, List<VerificationCheck> checks)
    {
        var (entries, problems) = CustodyLog.Verify(jsonLines);
        foreach (var problem in problems)
        {
            checks.Add(new VerificationCheck($"{ExportLayout.Custody} line {problem.LineNumber}", false, problem.Problem));
        }
        if (problems.Count == 0)
        {
            checks.Add(new VerificationCheck(ExportLayout.Custody, true, $"hash chain of {entries.Count} entries is intact"));
        }

        if (manifestJson is null)
        {
            return;
        }
        var manifestHash = Convert.ToHexStringLower(SHA256.HashData(manifestJson));
        var sealedEntries = entries.Where(e => e.Entry.Action == CustodyAction.Sealed).ToList();
        if (sealedEntries.Count == 0)
        {
            checks.Add(new VerificationCheck(ExportLayout.Custody, false, "has no sealed entry, so nothing in the log vouches for manifest.json"));
            return;
        }
        var (lineNumber, sealedEntry) = sealedEntries[^1];
        var subject = $"{ExportLayout.Custody} line {lineNumber} (sealed)";
        checks.Add(sealedEntry.Detail?.Contains(manifestHash, StringComparison.Ordinal) == true
            ? new VerificationCheck(subject, true, $"names the SHA-256 of manifest.json ({manifestHash})")
            : new VerificationCheck(subject, false, $"does not name the SHA-256 of manifest.json ({manifestHash}); it says \"{sealedEntry.Detail}\""));
    }

    // Manifest, signature, keys and custody are small; a size cap keeps a hostile export from exhausting memory.
    private static async Task<byte[]?> ReadSmallFileAsync(IExportFiles files, string name, List<VerificationCheck> checks, CancellationToken cancellationToken)
    {
        const int Limit = 64 * 1024 * 1024;
        await using var stream = files.Open(name);
        if (stream is null)
        {
            checks.Add(new VerificationCheck(name, false, "file is missing from the export"));
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > Limit)
            {
                checks.Add(new VerificationCheck(name, false, $"is larger than {Limit / (1024 * 1024)} MiB"));
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private sealed class ZipFiles(ZipArchive archive) : IExportFiles
    {
        public IEnumerable<string> Names => archive.Entries.Select(e => e.FullName);

        public Stream? Open(string name) => archive.GetEntry(name)?.Open();
    }

    private sealed class DirectoryFiles(string root) : IExportFiles
    {
        public IEnumerable<string> Names => Directory
            .EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'));

        public Stream? Open(string name)
        {
            var path = Path.Combine(root, name.Replace('/', Path.DirectorySeparatorChar));
            return File.Exists(path) ? File.OpenRead(path) : null;
        }
    }
}
