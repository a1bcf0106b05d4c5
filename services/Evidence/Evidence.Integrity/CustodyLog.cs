using System.Security.Cryptography;
using System.Text;

namespace Platform.Evidence.Integrity;

public enum CustodyAction
{
    Started,
    ChunkStored,
    Sealed,
    Accessed,
    Exported,
    Held,
    Released,
    Erased,
}

public sealed record CustodyEntry(
    long Sequence,
    DateTimeOffset At,
    CustodyAction Action,
    string ActorId,
    string Role,
    string? Reason,
    string? Detail,
    string PreviousHash,
    string Hash)
{
    // The first entry links to nothing; a fixed value keeps "line 1 was replaced" detectable by its own hash.
    public static readonly string NoPreviousHash = new('0', 64);

    /// <summary>The hash covers every field, previousHash included, so no entry can be edited, removed or reordered unseen.</summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Canonical(includeHash: false)));

    public byte[] ToJsonLine() => Canonical(includeHash: true);

    private byte[] Canonical(bool includeHash) => CanonicalJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", Sequence);
        writer.WriteString("at", CanonicalJson.Timestamp(At));
        writer.WriteString("action", CustodyActions.WireName(Action));
        writer.WriteString("actorId", ActorId);
        writer.WriteString("role", Role);
        writer.WriteString("reason", Reason);
        writer.WriteString("detail", Detail);
        writer.WriteString("previousHash", PreviousHash);
        if (includeHash)
        {
            writer.WriteString("hash", Hash);
        }
        writer.WriteEndObject();
    });

    public static CustodyEntry Parse(string line) => CanonicalJson.Read(Encoding.UTF8.GetBytes(line), root => new CustodyEntry(
        CanonicalJson.RequiredInt64(root, "sequence"),
        CanonicalJson.RequiredTimestamp(root, "at"),
        CustodyActions.FromWireName(CanonicalJson.RequiredString(root, "action")),
        CanonicalJson.RequiredString(root, "actorId"),
        CanonicalJson.RequiredString(root, "role"),
        CanonicalJson.OptionalString(root, "reason"),
        CanonicalJson.OptionalString(root, "detail"),
        CanonicalJson.RequiredSha256Hex(root, "previousHash"),
        CanonicalJson.RequiredSha256Hex(root, "hash")));
}

public static class CustodyActions
{
    public static string WireName(CustodyAction action) => action switch
    {
        CustodyAction.Started => "started",
        CustodyAction.ChunkStored => "chunkStored",
        CustodyAction.Sealed => "sealed",
        CustodyAction.Accessed => "accessed",
        CustodyAction.Exported => "exported",
        CustodyAction.Held => "held",
        CustodyAction.Released => "released",
        CustodyAction.Erased => "erased",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    public static CustodyAction FromWireName(string name) =>
        Enum.GetValues<CustodyAction>().Where(a => WireName(a) == name).Select(a => (CustodyAction?)a).SingleOrDefault()
        ?? throw new FormatException($"unknown custody action '{name}'");
}

public sealed record CustodyProblem(int LineNumber, string Problem);

/// <summary>
/// Who touched a recording, when and why, as a hash chain serialized as JSON Lines. Appending never rewrites
/// an entry; verification needs nothing but the log itself.
/// </summary>
public sealed class CustodyLog
{
    private readonly List<CustodyEntry> _entries = [];

    public IReadOnlyList<CustodyEntry> Entries => _entries;

    public static string SealedDetail(string manifestSha256Hex) => $"manifest.json sha256={manifestSha256Hex}";

    public CustodyEntry Append(DateTimeOffset at, CustodyAction action, string actorId, string role, string? reason = null, string? detail = null)
    {
        var previous = _entries.Count == 0 ? CustodyEntry.NoPreviousHash : _entries[^1].Hash;
        var unhashed = new CustodyEntry(_entries.Count, at, action, actorId, role, reason, detail, previous, Hash: "");
        var entry = unhashed with { Hash = unhashed.ComputeHash() };
        _entries.Add(entry);
        return entry;
    }

    public byte[] ToJsonLines()
    {
        using var buffer = new MemoryStream();
        foreach (var entry in _entries)
        {
            buffer.Write(entry.ToJsonLine());
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    /// <summary>Checks every line; returns the entries that could be read and one problem per broken line.</summary>
    public static (IReadOnlyList<(int LineNumber, CustodyEntry Entry)> Entries, IReadOnlyList<CustodyProblem> Problems) Verify(string jsonLines)
    {
        var entries = new List<(int, CustodyEntry)>();
        var problems = new List<CustodyProblem>();
        var lines = jsonLines.Split('\n');
        string? expectedPrevious = CustodyEntry.NoPreviousHash;
        var lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (line.Length == 0 && lineNumber == lines.Length)
            {
                break;
            }
            CustodyEntry entry;
            try
            {
                entry = CustodyEntry.Parse(line);
            }
            catch (FormatException e)
            {
                problems.Add(new CustodyProblem(lineNumber, $"is not a readable custody entry ({e.Message})"));
                expectedPrevious = null;
                continue;
            }
            if (entry.ComputeHash() != entry.Hash)
            {
                problems.Add(new CustodyProblem(lineNumber, "hash does not match its content"));
            }
            else if (expectedPrevious is not null && entry.PreviousHash != expectedPrevious)
            {
                problems.Add(new CustodyProblem(lineNumber, "previousHash does not match the line before it (an entry was removed, inserted or reordered)"));
            }
            else if (entry.Sequence != lineNumber - 1)
            {
                problems.Add(new CustodyProblem(lineNumber, $"carries sequence {entry.Sequence} on line {lineNumber}"));
            }
            entries.Add((lineNumber, entry));
            expectedPrevious = entry.Hash;
        }
        if (entries.Count == 0 && problems.Count == 0)
        {
            problems.Add(new CustodyProblem(0, "is empty"));
        }
        return (entries, problems);
    }
}
