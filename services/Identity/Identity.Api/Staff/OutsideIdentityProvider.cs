using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Client;
using OpenIddict.Client.AspNetCore;
using Platform.Identity.Api.Storage;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;
using static Platform.Identity.Api.Staff.AccountPages;

namespace Platform.Identity.Api.Staff;

/// <summary>
/// The association's (or the region's) own identity provider, Entra ID or Keycloak for instance, optional: a member of
/// staff may sign in there instead of typing a password here. It replaces the password only: her second factor, her
/// role, her association and her rights stay this service's own, and an account is linked to the outside one only by
/// her, once, from her invitation. Someone the outside provider knows but nobody invited gets no account.
/// </summary>
public sealed class FederationOptions
{
    public const string Section = "Identity:Federation";
    public const string ProviderName = "outside";
    public const string CallbackPath = "account/outside/callback";

    /// <summary>The provider's issuer (its discovery document is read from there). Unset: no federation.</summary>
    public Uri? Issuer { get; set; }
    public string? ClientId { get; set; }
    /// <summary>From a secret; none for a public client (PKCE is used either way).</summary>
    public string? ClientSecret { get; set; }
    /// <summary>How the pages name it: "Se connecter avec ...".</summary>
    public string DisplayName { get; set; } = "le compte de votre organisation";
    public IReadOnlyList<string> Scopes { get; set; } = [OpenIddictConstants.Scopes.OpenId];

    public bool Enabled => Issuer is not null;
}

public static class OutsideIdentityProvider
{
    private const string Purpose = "platform.purpose";
    private const string Invitation = "platform.invitation";
    private const string ReturnUrl = "platform.return";
    private const string Linking = "link";
    private const string SigningIn = "sign-in";

    public static WebApplicationBuilder AddOutsideIdentityProvider(this WebApplicationBuilder builder, SecurityKey signingKey,
        SecurityKey encryptionKey, bool requireHttps)
    {
        var settings = builder.Configuration.GetSection(FederationOptions.Section).Get<FederationOptions>() ?? new FederationOptions();
        builder.Services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return builder;
        }
        if (string.IsNullOrWhiteSpace(settings.ClientId))
        {
            throw new InvalidOperationException($"{FederationOptions.Section}:ClientId is needed with {FederationOptions.Section}:Issuer.");
        }
        builder.Services.AddOpenIddict().AddClient(client =>
        {
            client.AllowAuthorizationCodeFlow();
            // The state of a sign-in in flight travels signed and encrypted with this service's own keys.
            client.AddSigningKey(signingKey).AddEncryptionKey(encryptionKey);
            var aspNetCore = client.UseAspNetCore().EnableRedirectionEndpointPassthrough();
            if (!requireHttps)
            {
                // Local runs over plain http: the correlation cookie must travel there too.
                aspNetCore.DisableTransportSecurityRequirement()
                    .Configure(options => options.CookieBuilder.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            }
            client.UseSystemNetHttp().SetProductInformation(typeof(OutsideIdentityProvider).Assembly);
            var registration = new OpenIddictClientRegistration
            {
                Issuer = settings.Issuer, ClientId = settings.ClientId, ClientSecret = settings.ClientSecret,
                ProviderName = FederationOptions.ProviderName, ProviderDisplayName = settings.DisplayName,
                // Its own callback address: an answer from elsewhere cannot be mixed up with this provider's.
                RedirectUri = new Uri(FederationOptions.CallbackPath, UriKind.Relative),
            };
            registration.Scopes.UnionWith(settings.Scopes);
            client.AddRegistration(registration);
        });
        return builder;
    }

    public static void MapOutsideIdentityProvider(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<FederationOptions>();
        if (!settings.Enabled)
        {
            return;
        }

        app.MapGet("/account/outside", (string? returnUrl) => Challenge(new()
            {
                [Purpose] = SigningIn, [ReturnUrl] = SigningInStaff.LocalOrDefault(returnUrl),
            }))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/account/invitation/{token}/outside", async (string token, IdentityDb db, TimeProvider time, HttpContext http) =>
                await AcceptingAnInvitation.OpenInvitationAsync(db, token, time, http.RequestAborted) is null
                    ? AcceptingAnInvitation.Expired()
                    : Challenge(new() { [Purpose] = Linking, [Invitation] = token }))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapMethods("/" + FederationOptions.CallbackPath, [HttpMethods.Get, HttpMethods.Post], async Task<IResult> (HttpContext http,
                IdentityDb db, TimeProvider time) =>
            {
                var result = await http.AuthenticateAsync(OpenIddictClientAspNetCoreDefaults.AuthenticationScheme);
                var subject = result.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                if (!result.Succeeded || string.IsNullOrEmpty(subject) || result.Properties is null)
                {
                    return Page("Connexion refusée", $"<p>{Encode(settings.DisplayName)} n'a pas confirmé votre identité. Réessayez.</p>",
                        StatusCodes.Status401Unauthorized);
                }
                var issuer = settings.Issuer!.AbsoluteUri;
                var items = result.Properties.Items;
                string? Item(string key) => items.TryGetValue(key, out var value) ? value : null;
                if (Item(Purpose) == Linking)
                {
                    return await LinkAsync(http, db, time, Item(Invitation) ?? "", issuer, subject, settings);
                }
                var account = await db.Staff.SingleOrDefaultAsync(s => s.OutsideIssuer == issuer && s.OutsideSubject == subject,
                    http.RequestAborted);
                var now = time.GetUtcNow();
                if (account?.LockedUntil > now)
                {
                    return Page("Compte verrouillé", "<p>Trop d'essais. Réessayez plus tard, ou demandez à votre administratrice.</p>",
                        StatusCodes.Status429TooManyRequests);
                }
                if (account is null || !account.CanSignIn(now))
                {
                    // Known out there, not here: only an invitation opens an account.
                    return Page("Pas d'accès", $"<p>Ce compte {Encode(settings.DisplayName)} n'est lié à aucun accès de la plateforme. " +
                        "Demandez une invitation à votre administratrice.</p>", StatusCodes.Status403Forbidden);
                }
                await SigningInStaff.SignInFirstFactorAsync(http, account);
                return Results.Redirect($"/account/second-factor?returnUrl={Uri.EscapeDataString(SigningInStaff.LocalOrDefault(Item(ReturnUrl)))}");
            })
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    /// <summary>Her invitation, opened by her, names the outside account she signed in with: from now on it is her password.</summary>
    private static async Task<IResult> LinkAsync(HttpContext http, IdentityDb db, TimeProvider time, string token, string issuer,
        string subject, FederationOptions settings)
    {
        if (await AcceptingAnInvitation.OpenInvitationAsync(db, token, time, http.RequestAborted) is not { } found)
        {
            return AcceptingAnInvitation.Expired();
        }
        if (await db.Staff.AnyAsync(s => s.OutsideIssuer == issuer && s.OutsideSubject == subject && s.Id != found.Account.Id,
                http.RequestAborted))
        {
            return Page("Compte déjà lié", $"<p>Ce compte {Encode(settings.DisplayName)} est déjà lié à un autre accès.</p>",
                StatusCodes.Status409Conflict);
        }
        found.Account.OutsideIssuer = issuer;
        found.Account.OutsideSubject = subject;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Redirect($"/account/invitation/{Uri.EscapeDataString(token)}");
    }

    private static IResult Challenge(Dictionary<string, string?> items)
    {
        items[OpenIddictClientAspNetCoreConstants.Properties.ProviderName] = FederationOptions.ProviderName;
        return Results.Challenge(new AuthenticationProperties(items), [OpenIddictClientAspNetCoreDefaults.AuthenticationScheme]);
    }

    /// <summary>The button on the login page, when a provider is configured.</summary>
    public static string SignInLink(FederationOptions settings, string? returnUrl) => !settings.Enabled ? "" :
        $"<p><a href=\"/account/outside?returnUrl={Encode(Uri.EscapeDataString(SigningInStaff.LocalOrDefault(returnUrl)))}\" id=\"outside-sign-in\">" +
        $"Se connecter avec {Encode(settings.DisplayName)}</a></p><p>Ou avec votre adresse et votre mot de passe :</p>";
}
