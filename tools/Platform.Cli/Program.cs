using Platform.Cli;

// Called by ./platform; humans use that script, which documents every verb.
return args switch
{
    ["token", .. var rest] => TokenCommand.Run(CommandLine.Parse(rest)),
    ["dev-key", .. var rest] => TokenCommand.EnsureKey(CommandLine.Parse(rest)),
    ["demo", .. var rest] => await DemoCommand.RunAsync(CommandLine.Parse(rest)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Platform.Cli token --identity URL --role beneficiary|operator|admin [--association ID] [--subject ID]");
    Console.Error.WriteLine("       Platform.Cli dev-key --key-dir DIR");
    Console.Error.WriteLine("       Platform.Cli demo --gateway URL --sandbox URL");
    return 2;
}
