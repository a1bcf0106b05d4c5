using System.Text.RegularExpressions;

namespace Platform.Evidence.Storage.Blobs;

public sealed class FileSystemBlobStoreOptions
{
    public string RootDirectory { get; set; } = "";
}

/// <summary>
/// Chunks as files under one root. A chunk appears under its real name only once it is complete
/// (temp file in the same directory, flushed, then renamed), so a crash never leaves half a chunk that looks whole.
/// </summary>
public sealed partial class FileSystemBlobStore : IEvidenceBlobStore
{
    private readonly string _root;

    public FileSystemBlobStore(FileSystemBlobStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            throw new InvalidOperationException("FileSystemBlobStore needs a RootDirectory.");
        }

        _root = Path.GetFullPath(options.RootDirectory);
        Directory.CreateDirectory(_root);
    }

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        // A dot is outside the key alphabet, so a temp name can never collide with a real key.
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathFor(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone: erasure is idempotent.
        }

        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathFor(key)));

    // Keys come from ids, but a key that could climb out of the root must be refused, not cleaned up.
    private string PathFor(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key) || !KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a valid evidence blob key ([A-Za-z0-9_-] segments separated by '/').", nameof(key));
        }

        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{key}' leaves the evidence root.", nameof(key));
        }

        return path;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
