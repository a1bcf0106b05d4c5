using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Authentication;

/// <summary>
/// JWT bearer for every service and the gateway. Production names an OIDC authority; locally the
/// platform mints tokens with a development key (see <see cref="DevelopmentSigningKey"/>).
/// Services validate tokens again behind the gateway: a request that reaches a pod unproxied is still checked.
/// </summary>
public static class PlatformAuthentication
{
    public const string BeneficiaryPolicy = "beneficiary";
    public const string OperatorPolicy = "operator";
    public const string AdminPolicy = "admin";
    /// <summary>The region's admin, or an operator of an association (who then sees only that association's data).</summary>
    public const string AdminOrOperatorPolicy = "admin-or-operator";
    /// <summary>An operator of an association who holds its admin right (its webhooks, its settings that reach outside).</summary>
    public const string AssociationAdminPolicy = "association-admin";

    /// <summary>What an OIDC authority's tokens may be signed with: asymmetric only, never "none", never a shared secret.</summary>
    public static readonly IReadOnlyList<string> AuthorityAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>Access tokens only: "at+jwt" (RFC 9068) or a plain "JWT" (the development tokens').</summary>
    public static readonly IReadOnlyList<string> AccessTokenTypes = ["at+jwt", "JWT"];

    /// <summary>The identity service's list of revoked sessions, at its in-cluster address (never routed by the gateway).</summary>
    public const string RevokedSessionsPath = "/internal/revoked-sessions";

    public static WebApplicationBuilder AddPlatformAuthentication(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("Auth").Get<AuthSettings>() ?? new AuthSettings();
        if (string.IsNullOrWhiteSpace(settings.Authority) && !string.IsNullOrWhiteSpace(settings.DevelopmentKeyFile)
            && builder.Environment.IsProduction())
        {
            // The development key sits in every developer's .platform/dev-keys: a forgotten Auth:Authority must stop the
            // pod, not run production on it.
            throw new InvalidOperationException(
                "Auth:DevelopmentKeyFile is refused in Production: set Auth:Authority (the OIDC identity service).");
        }
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = settings.Audience,
                    ValidIssuer = settings.Issuer,
                    NameClaimType = PlatformClaims.Subject,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // The same checks in every environment: signed, dated, issued for us, by the expected algorithm, an
                    // access token (not an ID token passed off as one).
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    ValidTypes = AccessTokenTypes,
                };
                if (!string.IsNullOrWhiteSpace(settings.Authority))
                {
                    var authority = new Uri(settings.Authority.TrimEnd('/') + "/");
                    options.Authority = authority.ToString();
                    options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
                    options.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                        new Uri(authority, ".well-known/openid-configuration").ToString(), new InternalAuthorityRetriever(authority),
                        new HttpDocumentRetriever { RequireHttps = settings.RequireHttpsMetadata })
                    {
                        // A new signing key (a rotation) is fetched at once when a token names it, at most every 30 s.
                        RefreshInterval = TimeSpan.FromSeconds(30),
                        AutomaticRefreshInterval = TimeSpan.FromHours(1),
                    };
                    options.TokenValidationParameters.ValidAlgorithms = AuthorityAlgorithms;
                    options.Events = new JwtBearerEvents
                    {
                        OnTokenValidated = context =>
                            context.HttpContext.RequestServices.GetRequiredService<RevokedSessions>().RefuseRevoked(context),
                    };
                }
                else if (!string.IsNullOrWhiteSpace(settings.DevelopmentKeyFile))
                {
                    options.TokenValidationParameters.IssuerSigningKey = DevelopmentSigningKey.LoadPublicKey(settings.DevelopmentKeyFile);
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256];
                }
                else
                {
                    throw new InvalidOperationException(
                        "No token authority: set Auth:Authority (OIDC) or Auth:DevelopmentKeyFile (local development).");
                }
            });

        if (!string.IsNullOrWhiteSpace(settings.Authority))
        {
            builder.Services.AddHttpClient(RevokedSessions.HttpClientName);
            builder.Services.AddSingleton(services => new RevokedSessions(services.GetRequiredService<IHttpClientFactory>(),
                new Uri(new Uri(settings.Authority.TrimEnd('/') + "/"), RevokedSessionsPath.TrimStart('/')), settings.RevocationPollInterval,
                services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RevokedSessions>>()));
            builder.Services.AddHostedService(services => services.GetRequiredService<RevokedSessions>());
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(BeneficiaryPolicy, policy => policy.RequireRole(PlatformRoles.Beneficiary).RequireClaim(PlatformClaims.AssociationId))
            .AddPolicy(OperatorPolicy, policy => policy.RequireRole(PlatformRoles.Operator).RequireClaim(PlatformClaims.AssociationId))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(PlatformRoles.Admin))
            .AddPolicy(AdminOrOperatorPolicy, policy => policy.RequireAssertion(context =>
                context.User.IsInRole(PlatformRoles.Admin)
                || (context.User.IsInRole(PlatformRoles.Operator) && context.User.HasClaim(c => c.Type == PlatformClaims.AssociationId))))
            .AddPolicy(AssociationAdminPolicy, policy => policy.RequireRole(PlatformRoles.Operator).RequireClaim(PlatformClaims.AssociationId)
                .RequireClaim(PlatformClaims.Rights, PlatformRights.AssociationAdmin));
        return builder;
    }

    private sealed class AuthSettings
    {
        public string? Authority { get; init; }
        public string Audience { get; init; } = DevelopmentTokens.DefaultAudience;
        public string Issuer { get; init; } = DevelopmentTokens.DefaultIssuer;
        public string? DevelopmentKeyFile { get; init; }
        /// <summary>False only where the authority is reached over a private network (local runs, in-cluster http).</summary>
        public bool RequireHttpsMetadata { get; init; } = true;
        /// <summary>How often the revocation list is fetched: a revoked session's tokens work at most this long after.</summary>
        public TimeSpan RevocationPollInterval { get; init; } = TimeSpan.FromSeconds(10);
    }
}

public static class PlatformRoles
{
    public const string Beneficiary = "beneficiary";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Beneficiary, Operator, Admin];
}

public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    /// <summary>The tenant: the association that supports her. Always from the token, never from a request body.</summary>
    public const string AssociationId = "association_id";
    /// <summary>What an operator may do beyond reading and handling alerts (<see cref="PlatformRights"/>), one claim per right.</summary>
    public const string Rights = "rights";
    /// <summary>The session (her app on one phone, a staff browser) a token was issued to: what revocation names.</summary>
    public const string Session = "sid";
}

/// <summary>Rights an association gives some of its operators.</summary>
public static class PlatformRights
{
    /// <summary>Administers the association's integrations: webhook endpoints and their secrets.</summary>
    public const string AssociationAdmin = "association-admin";
    /// <summary>Reads and exports evidence (recordings), each access with a reason.</summary>
    public const string Evidence = "evidence";
    public static readonly IReadOnlyList<string> All = [AssociationAdmin, Evidence];
}
