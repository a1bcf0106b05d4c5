namespace Platform.Cli;

/// <summary>"--name value" pairs; every verb takes only named options.</summary>
public sealed class CommandLine(IReadOnlyDictionary<string, string> options)
{
    public static CommandLine Parse(IReadOnlyList<string> args)
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
        return new CommandLine(options);
    }

    public string Required(string name) =>
        options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");

    public string? Optional(string name) => options.GetValueOrDefault(name);
}
