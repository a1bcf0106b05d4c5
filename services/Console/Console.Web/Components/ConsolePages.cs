using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;
using System.Globalization;
using System.Security.Cryptography;

namespace Platform.OperatorConsole.Components;

/// <summary>The console's pages: Blazor interactive server rendering under /console, French first and English.</summary>
public static class ConsolePages
{
    public const string PathBase = "/console";
    public const string NonceKey = "csp-nonce";
    public static readonly CultureInfo[] Cultures = [new("fr-FR"), new("en-GB")];

    public static WebApplicationBuilder AddConsolePages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            // Her choice (the switch in the bar) first, then her browser's languages.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }

    public static WebApplication UseConsolePipeline(this WebApplication app)
    {
        app.UsePathBase(PathBase);
        // Routing after the path base is taken off: the live connection's /_blazor endpoints must match too.
        app.UseRouting();
        // Only the gateway reaches the console (its NetworkPolicy): the scheme and host her browser used come from it.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        app.UseForwardedHeaders(forwarded);
        app.Use(async (http, next) =>
        {
            // A nonce per page: only the console's own scripts run, never one a name or a message could smuggle in.
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; " +
                "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; " +
                "frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()";
            await next();
        });
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    public static void MapConsolePages(this WebApplication app)
    {
        app.MapHealthChecks("/health/live").AllowAnonymous();
        app.MapHealthChecks("/health/ready").AllowAnonymous();
        app.MapGet("/culture", (HttpContext http, string c, string? back) =>
            {
                var culture = Cultures.FirstOrDefault(known => known.TwoLetterISOLanguageName == c) ?? Cultures[0];
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), Path = PathBase });
                // Only a page of the console: never a redirect elsewhere.
                var page = back is { Length: > 0 } && back[0] == '/' && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/";
                return Results.LocalRedirect($"{http.Request.PathBase}{page}");
            })
            .AllowAnonymous();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireAuthorization();
    }
}
