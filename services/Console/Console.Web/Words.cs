// The localizer finds Resources/Words*.resx under this namespace, not the assembly's name (Console.Web).
[assembly: Microsoft.Extensions.Localization.RootNamespace("Platform.OperatorConsole")]

namespace Platform.OperatorConsole;

/// <summary>The console's words (Resources/Words.resx in French, Words.en.resx in English), for IStringLocalizer.</summary>
public sealed class Words;
