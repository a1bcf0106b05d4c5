using System.IO.Compression;
using Platform.EvidenceVerifier;

namespace Platform.Evidence.Api.Tests;

/// <summary>Runs the offline verifier (the CLI's own command) on an export, as a court's expert would.</summary>
public static class Exports
{
    public static async Task<(int ExitCode, string Output)> VerifyAsync(byte[] zip, byte[] publishedKeys)
    {
        var folder = Directory.CreateTempSubdirectory("evidence-export-");
        try
        {
            var zipPath = Path.Combine(folder.FullName, "export.zip");
            var keysPath = Path.Combine(folder.FullName, "public-keys.json");
            await File.WriteAllBytesAsync(zipPath, zip);
            await File.WriteAllBytesAsync(keysPath, publishedKeys);
            using var output = new StringWriter();
            using var errors = new StringWriter();
            var exitCode = await VerifyCommand.RunAsync(["verify", zipPath, "--keys", keysPath], output, errors);
            return (exitCode, output + errors.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public static IReadOnlyDictionary<string, byte[]> Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(entry => entry.FullName, entry =>
        {
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>The same export with one file changed, rewritten as a valid ZIP (what someone altering it would hand over).</summary>
    public static byte[] Tamper(byte[] zip, string name, Action<byte[]> change)
    {
        var files = Read(zip).ToDictionary(pair => pair.Key, pair => pair.Value);
        change(files[name]);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, content) in files)
            {
                using var stream = archive.CreateEntry(entryName, CompressionLevel.NoCompression).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
