using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Storage;
using Platform.Identity.Api.Tokens;
using Platform.ServiceDefaults.Authentication;
using QRCoder;
using System.Security.Claims;
using static Platform.Identity.Api.Staff.AccountPages;

namespace Platform.Identity.Api.Staff;

/// <summary>
/// Staff sign in through these pages, then /connect/authorize (authorization code + PKCE) gives the browser app its
/// tokens. A password alone never signs anyone in: the second factor is asked every time.
/// </summary>
public static class SigningInStaff
{
    /// <summary>Signed in with both factors: the browser's session with the identity service.</summary>
    public const string Scheme = "staff";
    /// <summary>Password checked, second factor not yet: worth nothing but the second-factor page, for 5 minutes.</summary>
    public const string FirstFactorScheme = "staff-first-factor";
    public static readonly TimeSpan StaffAccessTokenLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan StaffSessionLifetime = TimeSpan.FromHours(12);

    public static WebApplicationBuilder AddStaffSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<StaffSecrets>();
        builder.Services.AddAntiforgery(options => options.Cookie.Name = "platform-af");
        builder.Services.AddAuthentication()
            .AddCookie(Scheme, options =>
            {
                options.Cookie.Name = "platform-staff";
                options.LoginPath = "/account/login";
                options.ExpireTimeSpan = StaffSessionLifetime;
                options.SlidingExpiration = false;
                ConfigureCookie(options);
            })
            .AddCookie(FirstFactorScheme, options =>
            {
                options.Cookie.Name = "platform-first-factor";
                options.LoginPath = "/account/login";
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                ConfigureCookie(options);
            });
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.Path = "/";
        // Secure whenever the request came over https (production, behind the ingress); locally the gateway is plain http.
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
    }

    public static void MapStaffSignIn(this WebApplication app)
    {
        app.MapGet("/account/login", (HttpContext http, IAntiforgery antiforgery, FederationOptions federation, string? returnUrl) =>
                LoginPage(http, antiforgery, federation, returnUrl, null))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/login", async (HttpContext http, IAntiforgery antiforgery, IdentityDb db, StaffSecrets secrets,
                TimeProvider time, FederationOptions federation, [Microsoft.AspNetCore.Mvc.FromForm] LoginForm form) =>
            {
                var email = (form.Email ?? "").Trim().ToLowerInvariant();
                var account = await db.Staff.SingleOrDefaultAsync(s => s.Email == email, http.RequestAborted);
                var now = time.GetUtcNow();
                if (account?.LockedUntil > now)
                {
                    return LockedPage(account.LockedUntil.Value);
                }
                if (account is null || !account.CanSignIn(now) || !secrets.PasswordMatches(account, form.Password ?? ""))
                {
                    if (account is not null)
                    {
                        secrets.Failed(account);
                        await db.SaveChangesAsync(http.RequestAborted);
                    }
                    // One answer for an unknown address and a wrong password: no one learns who has an account.
                    return LoginPage(http, antiforgery, federation, form.ReturnUrl, "Adresse ou mot de passe incorrect.", StatusCodes.Status401Unauthorized);
                }
                await db.SaveChangesAsync(http.RequestAborted);
                await SignInFirstFactorAsync(http, account);
                return Results.Redirect($"/account/second-factor?returnUrl={Uri.EscapeDataString(LocalOrDefault(form.ReturnUrl))}");
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapGet("/account/second-factor", async (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
                (await http.AuthenticateAsync(FirstFactorScheme)).Succeeded
                    ? SecondFactorPage(http, antiforgery, returnUrl, null)
                    : Results.Redirect("/account/login"))
            .AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/account/second-factor", async (HttpContext http, IAntiforgery antiforgery, IdentityDb db, StaffSecrets secrets,
                TimeProvider time, [Microsoft.AspNetCore.Mvc.FromForm] SecondFactorForm form) =>
            {
                var first = await http.AuthenticateAsync(FirstFactorScheme);
                if (!first.Succeeded || !Guid.TryParse(first.Principal!.FindFirstValue(PlatformClaims.Subject), out var staffId))
                {
                    return Results.Redirect("/account/login");
                }
                var account = await db.Staff.SingleAsync(s => s.Id == staffId, http.RequestAborted);
                var now = time.GetUtcNow();
                if (account.LockedUntil > now)
                {
                    await http.SignOutAsync(FirstFactorScheme);
                    return LockedPage(account.LockedUntil.Value);
                }
                if (!secrets.TotpMatches(account, form.Code ?? ""))
                {
                    secrets.Failed(account);
                    await db.SaveChangesAsync(http.RequestAborted);
                    return SecondFactorPage(http, antiforgery, form.ReturnUrl, "Code incorrect ou déjà utilisé.", StatusCodes.Status401Unauthorized);
                }
                await CompleteSignInAsync(http, db, account, now);
                return Results.Redirect(LocalOrDefault(form.ReturnUrl));
            })
            .AllowAnonymous().ExcludeFromDescription();

        app.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], async (HttpContext http, IdentityDb db) =>
            {
                var request = http.GetOpenIddictServerRequest()
                    ?? throw new InvalidOperationException("The OpenIddict request is missing: the passthrough is misconfigured.");
                var signedIn = await http.AuthenticateAsync(Scheme);
                var staff = signedIn.Succeeded ? await SignedInStaffAsync(db, signedIn.Principal!, http.RequestAborted) : null;
                if (staff is null)
                {
                    return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.Path + QueryString.Create(
                        http.Request.HasFormContentType ? [.. http.Request.Form] : [.. http.Request.Query]) }, [Scheme]);
                }
                var principal = StaffPrincipal(staff.Value.Account, staff.Value.Session.Id);
                principal.SetScopes(request.GetScopes().Intersect([OpenIddictConstants.Scopes.OpenId, OpenIddictConstants.Scopes.OfflineAccess]));
                return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Her password (or her organisation's sign-in) passed: the second-factor page is all it opens.</summary>
    public static Task SignInFirstFactorAsync(HttpContext http, StaffAccount account) =>
        http.SignInAsync(FirstFactorScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PlatformClaims.Subject, account.Id.ToString())], FirstFactorScheme)));

    /// <summary>Both factors passed: a new session, the browser's cookie for it, the half-way cookie gone.</summary>
    public static async Task CompleteSignInAsync(HttpContext http, IdentityDb db, StaffAccount account, DateTimeOffset now)
    {
        StaffSecrets.Succeeded(account);
        var session = new Session
        {
            Id = Guid.CreateVersion7(now), Subject = account.Id, AssociationId = account.AssociationId, Kind = SessionKind.Staff,
            CreatedAt = now, LastUsedAt = now,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        await http.SignOutAsync(FirstFactorScheme);
        await http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PlatformClaims.Subject, account.Id.ToString()), new Claim(PlatformClaims.Session, session.Id.ToString())], Scheme)));
    }

    /// <summary>The member of staff behind a browser session, if the session and the account are both still good.</summary>
    public static async Task<(StaffAccount Account, Session Session)?> SignedInStaffAsync(IdentityDb db, ClaimsPrincipal principal,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(principal.FindFirstValue(PlatformClaims.Subject), out var staffId)
            || !Guid.TryParse(principal.FindFirstValue(PlatformClaims.Session), out var sessionId))
        {
            return null;
        }
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.Subject == staffId && s.RevokedAt == null, cancellationToken);
        var account = await db.Staff.SingleOrDefaultAsync(s => s.Id == staffId && s.DisabledAt == null, cancellationToken);
        return session is null || account is null ? null : (account, session);
    }

    /// <summary>Her claims as the identity service knows them today: the role, the association and the rights it granted.</summary>
    public static ClaimsPrincipal StaffPrincipal(StaffAccount account, Guid sessionId)
    {
        var identity = new ClaimsIdentity(Microsoft.IdentityModel.Tokens.TokenValidationParameters.DefaultAuthenticationType,
            OpenIddictConstants.Claims.Subject, PlatformClaims.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Subject, account.Id.ToString());
        identity.SetClaim(PlatformClaims.Role, account.Role);
        identity.SetClaim(OpenIddictConstants.Claims.Name, account.DisplayName);
        if (account.AssociationId is { } association)
        {
            identity.SetClaim(PlatformClaims.AssociationId, association.ToString());
        }
        if (account.Rights.Count > 0)
        {
            identity.SetClaims(PlatformClaims.Rights, [.. account.Rights]);
        }
        identity.SetClaim(PlatformClaims.Session, sessionId.ToString());
        identity.SetAudiences(PlatformGrants.Audience);
        var principal = new ClaimsPrincipal(identity);
        principal.SetAccessTokenLifetime(StaffAccessTokenLifetime);
        principal.SetRefreshTokenLifetime(StaffSessionLifetime);
        principal.SetDestinations(claim => claim.Type == OpenIddictConstants.Claims.Name
            ? [OpenIddictConstants.Destinations.IdentityToken]
            : [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken]);
        return principal;
    }

    /// <summary>Only a path on this site: a login page must never bounce anyone elsewhere (an open redirect).</summary>
    public static string LocalOrDefault(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : "/account/signed-in";

    private static IResult LoginPage(HttpContext http, IAntiforgery antiforgery, FederationOptions federation, string? returnUrl, string? error,
        int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("Connexion", $"""
            {Error(error)}
            {OutsideIdentityProvider.SignInLink(federation, returnUrl)}
            <form method="post" action="/account/login">
            {Hidden(tokens.FormFieldName, tokens.RequestToken)}{Hidden("returnUrl", returnUrl)}
            <label>Adresse e-mail<input name="email" type="email" autocomplete="username" required autofocus></label>
            <label>Mot de passe<input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Continuer</button>
            </form>
            """, status);
    }

    private static IResult SecondFactorPage(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Page("Deuxième facteur", $"""
            {Error(error)}
            <p><button type="button" id="use-passkey" data-options="/account/second-factor/passkey/options"
              data-answer="/account/second-factor/passkey?returnUrl={Encode(Uri.EscapeDataString(LocalOrDefault(returnUrl)))}">Utiliser ma clé d'accès (passkey)</button></p>
            <p id="passkey-status" role="status"></p>
            <p>Ou, à défaut :</p>
            <form method="post" action="/account/second-factor">
            {Hidden(tokens.FormFieldName, tokens.RequestToken)}{Hidden("returnUrl", returnUrl)}
            <label>Code à 6 chiffres de votre application d'authentification<input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="{AccountPages.SixDigits}" required autofocus></label>
            <button type="submit">Se connecter</button>
            </form>
            {PasskeyScript}
            """, status);
    }

    private static IResult LockedPage(DateTimeOffset until) =>
        Page("Compte verrouillé", $"<p>Trop d'essais. Réessayez après {Encode(until.ToString("HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture))}, ou demandez à votre administratrice.</p>",
            StatusCodes.Status429TooManyRequests);

    // Classes, not positional records: a form that leaves a field out (no returnUrl) still binds.
    public sealed class LoginForm
    {
        public string? Email { get; init; }
        public string? Password { get; init; }
        public string? ReturnUrl { get; init; }
    }

    public sealed class SecondFactorForm
    {
        public string? Code { get; init; }
        public string? ReturnUrl { get; init; }
    }
}
