using System.Globalization;

namespace Platform.Benchmarks;

/// <summary>"--name value" pairs, as every benchmark takes them.</summary>
public static class Options
{
    /// <summary>The options, or null after printing what is wrong and the usage (the caller exits with 2).</summary>
    public static Dictionary<string, string>? ParseOrExplain(string[] args, string usage)
    {
        try
        {
            return Parse(args);
        }
        catch (ArgumentException invalid)
        {
            Console.Error.WriteLine(invalid.Message);
            Console.Error.WriteLine(usage);
            return null;
        }
    }

    public static Dictionary<string, string> Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            }
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    public static int Number(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public static double Real(Dictionary<string, string> options, string name, double fallback) =>
        options.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
