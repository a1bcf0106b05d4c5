// The localizer finds Resources/Words*.resx under this namespace, not the assembly's name (Console.Web).
[assembly: Microsoft.Extensions.Localization.RootNamespace("Platform.OperatorConsole")]

namespace Platform.OperatorConsole;

/// <summary>The console's words (Resources/Words.resx in French, Words.en.resx in English), for IStringLocalizer.</summary>
public sealed class Words;

public static class WordsExtensions
{
    /// <summary>What the API said when it refused, in a sentence the page shows.</summary>
    public static string Refused(this Microsoft.Extensions.Localization.IStringLocalizer<Words> words, Gateway.ApiProblem? problem) =>
        words["Refused", problem?.Detail ?? problem?.Title
            ?? (problem is null ? "" : ((int)problem.Status).ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
