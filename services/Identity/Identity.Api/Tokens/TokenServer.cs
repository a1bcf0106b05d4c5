using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Api.Sessions;
using Platform.Identity.Api.Staff;
using Platform.Identity.Api.Storage;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Cryptography;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Api.Tokens;

/// <summary>OpenIddict as the platform's OpenID Connect server, on its Entity Framework Core store in the identity schema.</summary>
public static class TokenServer
{
    public static WebApplicationBuilder AddTokenServer(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(IdentityServerOptions.Section).Get<IdentityServerOptions>() ?? new IdentityServerOptions();
        builder.Services.AddOptions<IdentityServerOptions>().BindConfiguration(IdentityServerOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        if (builder.Environment.IsProduction() && (settings.DevelopmentClient || !string.IsNullOrWhiteSpace(settings.SigningKeyFile)))
        {
            // Both would let anyone holding a developer's laptop mint tokens production accepts.
            throw new InvalidOperationException(
                "Identity:DevelopmentClient and Identity:SigningKeyFile are refused in Production: set Identity:SigningKey from a secret.");
        }
        var connectionString = builder.Configuration.GetConnectionString(PlatformMarten.ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{PlatformMarten.ConnectionStringName} is not set.");
        builder.Services.AddDbContext<IdentityDb>(options =>
        {
            options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(IdentityDb.MigrationsTable, IdentityDb.Schema)
                .EnableRetryOnFailure(3));
            options.UseOpenIddict();
        });
        builder.Services.AddHostedService<IdentitySchema>();
        builder.Services.AddHostedService<OutboxPublisher>();
        builder.Services.AddScoped<IdentityClients>();
        builder.Services.AddScoped<AppSessions>();
        builder.Services.AddHealthChecks().AddCheck<IdentityDbReadiness>("postgres", tags: [ServiceDefaultsExtensions.ReadyTag]);
        var signingKey = LoadSigningKey(settings);
        var encryptionKey = new SymmetricSecurityKey(Convert.FromBase64String(settings.EncryptionKey
            ?? throw new InvalidOperationException("Identity:EncryptionKey is not set.")));

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetIssuer(settings.Issuer ?? throw new InvalidOperationException("Identity:Issuer is not set."));
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowCustomFlow(PlatformGrants.ActivationCode)
                    .AllowRefreshTokenFlow()
                    // Staff in browser apps (the console): authorization code, always with PKCE.
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange();
                if (settings.DevelopmentClient)
                {
                    server.AllowCustomFlow(PlatformGrants.Development);
                }
                server.RegisterScopes(Scopes.OpenId, Scopes.OfflineAccess);
                server.SetAccessTokenLifetime(settings.AppAccessTokenLifetime)
                    .SetRefreshTokenLifetime(settings.AppRefreshTokenLifetime)
                    .SetRefreshTokenReuseLeeway(settings.RefreshTokenReuseLeeway);
                // Services validate access tokens themselves, against the published key: signed, not encrypted.
                server.DisableAccessTokenEncryption();
                server.AddSigningKey(signingKey);
                server.AddEncryptionKey(encryptionKey);
                server.AddEventHandler(ReusedRefreshToken.Descriptor);
                var aspNetCore = server.UseAspNetCore().EnableTokenEndpointPassthrough().EnableAuthorizationEndpointPassthrough();
                if (!settings.RequireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });
        builder.AddOutsideIdentityProvider(signingKey, encryptionKey, settings.RequireHttps);
        return builder;
    }

    private static ECDsaSecurityKey LoadSigningKey(IdentityServerOptions settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.SigningKey))
        {
            var key = ECDsa.Create();
            key.ImportFromPem(settings.SigningKey);
            return DevelopmentSigningKey.WithKeyId(key);
        }
        if (!string.IsNullOrWhiteSpace(settings.SigningKeyFile))
        {
            return DevelopmentSigningKey.LoadOrCreate(Path.GetDirectoryName(settings.SigningKeyFile)!);
        }
        throw new InvalidOperationException("Identity:SigningKey (PEM, from a secret) is not set.");
    }
}

/// <summary>Ready when the identity schema answers.</summary>
public sealed class IdentityDbReadiness(IServiceScopeFactory scopes) : Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck
{
    public async Task<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult> CheckHealthAsync(
        Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        return await db.Database.CanConnectAsync(cancellationToken)
            ? Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy()
            : Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
    }
}

public static class ForwardedFromTheGateway
{
    /// <summary>
    /// The scheme her app used (https at the ingress), as the gateway forwards it: the discovery document and the issuer
    /// checks need it. Trusted from any address because only the gateway may reach this service (its NetworkPolicy).
    /// </summary>
    public static WebApplication UseForwardedHeadersFromTheGateway(this WebApplication app)
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        app.UseForwardedHeaders(options);
        return app;
    }
}
