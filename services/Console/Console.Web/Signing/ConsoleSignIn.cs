using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.OperatorConsole.Signing;

/// <summary>
/// Staff sign in through the identity service (authorization code + PKCE, client <c>platform-console</c>); the console
/// keeps their tokens on its server (<see cref="ConsoleSessions"/>) and gives the browser an HttpOnly cookie only.
/// </summary>
public static class ConsoleSignIn
{
    public const string CookieName = "platform-console";
    /// <summary>The identity service's own staff session lasts 12 hours; the console's never outlives it.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(12);

    public static WebApplicationBuilder AddConsoleSignIn(this WebApplicationBuilder builder)
    {
        var options = new ConsoleOptions
        {
            Identity = Address(builder.Configuration["Auth:Authority"]),
            Issuer = Address(builder.Configuration["Auth:Issuer"]),
            Gateway = Address(builder.Configuration["Console:Gateway"]),
            RequireHttpsMetadata = builder.Configuration.GetValue("Auth:RequireHttpsMetadata", true),
            IdleTimeout = builder.Configuration.GetValue("Console:IdleTimeout", TimeSpan.FromMinutes(30)),
            RenewTokensBefore = builder.Configuration.GetValue("Console:RenewTokensBefore", TimeSpan.FromSeconds(60)),
        };
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new(options), validateAllProperties: true);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddHttpClient(ConsoleSessions.HttpClientName);

        builder.Services.AddAuthentication(authentication =>
            {
                authentication.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                authentication.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = SessionLifetime;
                cookie.SlidingExpiration = false;
                cookie.Events.OnValidatePrincipal = context =>
                {
                    // Its tokens are gone (signed out, revoked, the console restarted): sign in again.
                    if (!context.HttpContext.RequestServices.GetRequiredService<ConsoleSessions>().IsOpen(
                            context.Principal?.FindFirstValue(ConsoleSessions.SessionClaim)))
                    {
                        context.RejectPrincipal();
                    }
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = options.Issuer!.ToString();
                oidc.ClientId = ConsoleOptions.ClientId;
                oidc.ResponseType = OpenIdConnectResponseType.Code;
                oidc.UsePkce = true;
                // The code comes back on a top-level GET: the handler's cookies can stay SameSite=Lax (a cross-site form post
                // would need SameSite=None, which browsers refuse without https).
                oidc.ResponseMode = OpenIdConnectResponseMode.Query;
                oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SameSite = SameSiteMode.Lax;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.Scope.Clear();
                oidc.Scope.Add("openid");
                oidc.Scope.Add("offline_access");
                oidc.MapInboundClaims = false;
                oidc.SaveTokens = false;
                oidc.GetClaimsFromUserInfoEndpoint = false;
                oidc.DisableTelemetry = true;
                oidc.RequireHttpsMetadata = options.RequireHttpsMetadata;
                oidc.TokenValidationParameters.NameClaimType = "name";
                oidc.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
                oidc.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                    new Uri(options.Identity!, ".well-known/openid-configuration").ToString(), new ConsoleAuthorityRetriever(options.Identity!),
                    new HttpDocumentRetriever { RequireHttps = options.RequireHttpsMetadata });
                oidc.Events = new OpenIdConnectEvents
                {
                    // The sign-in pages are on the console's own origin (the gateway serves both): she stays on the host she
                    // typed, which passkeys are bound to.
                    OnRedirectToIdentityProvider = context =>
                    {
                        var request = context.Request;
                        context.ProtocolMessage.IssuerAddress = $"{request.Scheme}://{request.Host}/connect/authorize";
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        var key = context.HttpContext.RequestServices.GetRequiredService<ConsoleSessions>().Open(context.TokenEndpointResponse!);
                        ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim(ConsoleSessions.SessionClaim, key));
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    public static void MapConsoleSignIn(this WebApplication app)
    {
        // A form post (with its anti-forgery field): a link cannot sign her out behind her back.
        app.MapPost("/signout", async (HttpContext http, ConsoleSessions sessions) =>
        {
            sessions.Close(http.User.FindFirstValue(ConsoleSessions.SessionClaim));
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect($"{http.Request.PathBase}/signed-out");
        });
        app.MapGet("/signed-out", () => Results.Content("""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Déconnexion</title></head>
            <body><main><h1>Déconnexion effectuée.</h1><p><a href="./">Se reconnecter à la console</a></p></main></body></html>
            """, "text/html; charset=utf-8")).AllowAnonymous();
    }

    private static Uri? Address(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value.TrimEnd('/') + "/");
}

/// <summary>
/// The identity service's discovery document names its public endpoints (the gateway's); the console's server renews
/// tokens and fetches keys at the in-cluster address instead, so sign-ins never count against the door's limits.
/// </summary>
public sealed class ConsoleAuthorityRetriever(Uri identity) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = await new InternalAuthorityRetriever(identity).GetConfigurationAsync(address, retriever, cancel);
        if (configuration.TokenEndpoint is { Length: > 0 } published)
        {
            configuration.TokenEndpoint = new Uri(identity, new Uri(published).PathAndQuery.TrimStart('/')).ToString();
        }
        return configuration;
    }
}
