using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Identity.Api.Storage;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults.Authentication;
using System.Net.Mail;

namespace Platform.Identity.Api.Staff;

/// <summary>
/// A new platform has no one to invite the first region admin: an SRE runs this once inside the identity image
/// (<c>dotnet Identity.Api.dll invite-first-region-admin --email ... --name ...</c>) and hands the link to the person.
/// It refuses as soon as one region admin has an active account: from then on admins invite admins, with a second
/// factor, through the API, and the command is no back door for whoever can exec into a pod.
/// </summary>
public static class FirstRegionAdmin
{
    public const string Command = "invite-first-region-admin";

    public const int Invited = 0;
    public const int Refused = 2;
    public const int Misused = 64;

    /// <returns>The process's exit code.</returns>
    public static async Task<int> RunAsync(WebApplication app, IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var email = Option(args, "--email")?.Trim().ToLowerInvariant();
        var name = Option(args, "--name")?.Trim();
        if (email is null || !MailAddress.TryCreate(email, out _) || string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            await errors.WriteLineAsync($"usage: {Command} --email ADDRESS --name \"DISPLAY NAME\" (1 to 100 characters)");
            return Misused;
        }
        // The same schema steps as a start of the service: a fresh database gets its tables first.
        await new IdentitySchema(app.Services.GetRequiredService<IServiceScopeFactory>(),
            app.Services.GetRequiredService<ILogger<IdentitySchema>>()).StartAsync(CancellationToken.None);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (await db.Staff.AnyAsync(s => s.Role == PlatformRoles.Admin && s.ActivatedAt != null && s.DisabledAt == null))
        {
            await errors.WriteLineAsync("Refused: a region admin already has an account. Admins invite admins (POST /api/identity/staff).");
            return Refused;
        }
        var account = await db.Staff.SingleOrDefaultAsync(s => s.Email == email);
        if (account is not null && (account.Role != PlatformRoles.Admin || account.ActivatedAt is not null))
        {
            await errors.WriteLineAsync("Refused: this address already belongs to another account.");
            return Refused;
        }
        if (account is null)
        {
            account = new StaffAccount
            {
                Id = Guid.CreateVersion7(now), Email = email, DisplayName = name, Role = PlatformRoles.Admin, CreatedAt = now,
                // Nobody signed in created it: the platform did, on an SRE's command.
                CreatedBy = Guid.Empty,
            };
            db.Staff.Add(account);
        }
        // Run again (the link lost or expired): the earlier links stop working, only the new one opens.
        await db.Invitations.Where(i => i.StaffId == account.Id && i.UsedAt == null).ExecuteUpdateAsync(i => i.SetProperty(x => x.ExpiresAt, now));
        var url = StaffApi.NewInvitation(db, account, now, app.Services.GetRequiredService<IOptions<IdentityServerOptions>>().Value);
        await db.SaveChangesAsync();
        await output.WriteLineAsync($"Invitation for the first region admin ({email}), valid until {now + StaffApi.InvitationLifetime:u}, shown once:");
        await output.WriteLineAsync(url);
        return Invited;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }
        return null;
    }
}
