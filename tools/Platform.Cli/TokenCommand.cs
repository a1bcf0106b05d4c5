using Platform.ServiceDefaults.Authentication;

namespace Platform.Cli;

/// <summary>Development tokens, from the running identity service's development client (./platform up starts it).</summary>
public static class TokenCommand
{
    public static int Run(CommandLine options)
    {
        try
        {
            var identity = new Uri(options.Required("identity"));
            var association = options.Optional("association") is { } a ? Guid.Parse(a) : (Guid?)null;
            var role = options.Required("role");
            if (role != PlatformRoles.Admin && association is null)
            {
                throw new ArgumentException($"The {role} role belongs to an association: pass --association ID.");
            }
            var subject = options.Optional("subject") is { } s ? Guid.Parse(s) : Guid.CreateVersion7();
            var minutes = int.Parse(options.Optional("lifetime-minutes") ?? "60", System.Globalization.CultureInfo.InvariantCulture);
            if (minutes is < 1 or > DevelopmentTokens.MaxLifetimeMinutes)
            {
                // A token that outlives a working day is a token that outlives the reason it was made.
                throw new ArgumentException($"--lifetime-minutes is 1 to {DevelopmentTokens.MaxLifetimeMinutes}.");
            }
            // --rights association-admin,evidence: an operator's extra rights.
            var rights = options.Optional("rights")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            Console.WriteLine(DevelopmentTokenClient.Request(http, identity, role, association, subject, rights, minutes));
            return 0;
        }
        catch (Exception invalid) when (invalid is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(invalid.Message);
            return 2;
        }
        catch (Exception refused) when (refused is HttpRequestException or InvalidOperationException)
        {
            Console.Error.WriteLine($"No token from the identity service at {options.Required("identity")}: {refused.Message}");
            Console.Error.WriteLine("Is the stack up? ./platform up starts it.");
            return 1;
        }
    }

    public static int EnsureKey(CommandLine options)
    {
        var directory = options.Required("key-dir");
        DevelopmentSigningKey.LoadOrCreate(directory);
        Console.WriteLine(Path.Combine(directory, DevelopmentSigningKey.PublicKeyFileName));
        return 0;
    }
}
