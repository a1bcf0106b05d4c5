using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Evidence.Integrity;

/// <summary>The file names of an evidence export; writer and verifier share them so they cannot drift.</summary>
public static partial class ExportLayout
{
    public const string Manifest = "manifest.json";
    public const string Signature = "manifest.sig";
    public const string Custody = "custody.jsonl";
    public const string PublicKeys = "public-keys.json";
    public const string Readme = "README.txt";

    public static string AudioChunk(long sequence, AudioFormat format) =>
        $"audio/{sequence.ToString("D6", CultureInfo.InvariantCulture)}.{format.FileExtension()}";

    public static bool TryParseAudioChunk(string path, out long sequence)
    {
        var match = AudioChunkPattern().Match(path);
        sequence = match.Success ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : -1;
        return match.Success;
    }

    [GeneratedRegex(@"^audio/(\d{6,18})\.[a-z0-9]+$")]
    private static partial Regex AudioChunkPattern();
}
