using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Platform.Console.Tests;

/// <summary>
/// The console's words: every key in French (the neutral language) is in English too, and every word a page asks for
/// exists (a missing one would show its key, "AppName", to a social worker).
/// </summary>
public sealed partial class SpeakingBothLanguages
{
    private static readonly string Project = Path.Combine(RepositoryRoot(), "services", "Console", "Console.Web");

    [Fact]
    public void Every_word_exists_in_french_and_english_and_none_is_empty()
    {
        var french = Words("Words.resx");
        var english = Words("Words.en.resx");

        Assert.Equal(french.Keys.Order(), english.Keys.Order());
        Assert.All(french.Concat(english), word => Assert.False(string.IsNullOrWhiteSpace(word.Value), word.Key));
        // The same placeholders in both: a {1} missing in one language would drop a figure from the sentence.
        Assert.All(french.Keys, key => Assert.Equal(Placeholders(french[key]), Placeholders(english[key])));
    }

    [Fact]
    public void Every_word_a_page_asks_for_is_in_the_resources()
    {
        var known = Words("Words.resx").Keys.ToHashSet();
        var asked = Directory.EnumerateFiles(Path.Combine(Project, "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => LiteralKey().Matches(File.ReadAllText(file)).Select(match => (File: Path.GetFileName(file), Key: match.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(asked);
        Assert.All(asked, use => Assert.True(known.Contains(use.Key), $"{use.File} asks for \"{use.Key}\", which no resource holds"));
    }

    private static Dictionary<string, string> Words(string file) =>
        XDocument.Load(Path.Combine(Project, "Resources", file)).Root!.Elements("data")
            .ToDictionary(data => data.Attribute("name")!.Value, data => data.Element("value")!.Value);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().Order()];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test's folder.");
    }

    [GeneratedRegex("""L\["([A-Za-z.\-]+)"[\],]""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex("""\{(\d+)(?::[^}]*)?\}""")]
    private static partial Regex Placeholder();
}
