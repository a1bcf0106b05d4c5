using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace Platform.Gateway;

/// <summary>
/// The only public entry. Each service owns a path prefix; the gateway authenticates, limits and forwards.
/// Destinations come from configuration (Services:{name} = base URL), so Kubernetes and local runs differ only there.
/// </summary>
public static class GatewayRoutes
{
    /// <summary>The public path prefixes each service answers.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PublicPrefixes = new Dictionary<string, string[]>
    {
        ["alerts"] = ["/api/alerts", "/api/timers"],
        ["contacts"] = ["/api/beneficiaries", "/api/associations", "/api/region"],
        ["devices"] = ["/api/devices"],
        ["notifications"] = ["/api/webhooks", "/api/sms-fallback"],
        ["evidence"] = ["/api/evidence"],
        ["identity"] = ["/api/identity"],
    };

    /// <summary>
    /// The identity service's OpenID Connect endpoints and its sign-in pages: anyone may ask for a token (the service checks
    /// the client and the grant), sign in, or read the discovery document and the public keys. Sign-in attempts are limited
    /// at the door (RateLimits).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> SignInPrefixes = new Dictionary<string, string[]>
    {
        ["identity"] = ["/connect", "/.well-known", "/account"],
    };

    /// <summary>Provider webhooks: no token at the door; the service checks each request's signature (X-Twilio-Signature).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> WebhookPrefixes = new Dictionary<string, string[]>
    {
        ["notifications"] = ["/callbacks/twilio"],
    };

    /// <summary>
    /// Pages opened from a link with no login (her alert page, from the alert SMS): the token in the path is the
    /// credential, and the service checks it on every request. Only what a browser does: GET the page, POST its form.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> LinkPagePrefixes = new Dictionary<string, string[]>
    {
        ["notifications"] = ["/a"],
    };

    /// <summary>Public reads under an API prefix: the keys evidence is signed with, which a court or a lawyer must reach without an account.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AnonymousReads = new Dictionary<string, string[]>
    {
        ["evidence"] = ["/api/evidence/keys"],
    };

    /// <summary>
    /// The association console's pages and their live connection (Blazor's WebSocket): it signs staff in itself through
    /// the identity service, so the door lets the pages through and the console asks for its own session.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> ConsolePrefixes = new Dictionary<string, string[]>
    {
        ["console"] = ["/console"],
    };

    public static WebApplicationBuilder AddGatewayRoutes(this WebApplicationBuilder builder)
    {
        // The console is optional (a deployment may use only the apps and webhooks): routed when its address is set.
        var consoleRoutes = ConsolePrefixes.Where(service => builder.Configuration[$"Services:{service.Key}"] is not null)
            .SelectMany(service => service.Value.Select(prefix => new RouteConfig
            {
                RouteId = $"{service.Key}{prefix.Replace('/', '-')}",
                ClusterId = service.Key,
                Match = new RouteMatch { Path = $"{prefix}/{{**rest}}" },
                AuthorizationPolicy = "anonymous",
            // Her browser's host, so the console's sign-in redirects and cookies name the address she typed.
            }.WithTransformUseOriginalHostHeader())).ToList();
        var clusters = PublicPrefixes.Keys.Concat(consoleRoutes.Select(route => route.ClusterId!).Distinct()).Select(service => new ClusterConfig
        {
            ClusterId = service,
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["primary"] = new()
                {
                    Address = builder.Configuration[$"Services:{service}"]
                        ?? throw new InvalidOperationException($"Services:{service} (the {service} service's base URL) is not set."),
                },
            },
        }).ToList();

        var apiRoutes = PublicPrefixes.SelectMany(service => service.Value.Select(prefix => new RouteConfig
        {
            RouteId = $"{service.Key}{prefix.Replace('/', '-')}",
            ClusterId = service.Key,
            Match = new RouteMatch { Path = $"{prefix}/{{**rest}}" },
            // Every API call needs a valid token; the service then checks the role and the association.
            AuthorizationPolicy = "default",
        }));
        var webhookRoutes = WebhookPrefixes.SelectMany(service => service.Value.Select(prefix => new RouteConfig
        {
            RouteId = $"{service.Key}{prefix.Replace('/', '-')}",
            ClusterId = service.Key,
            Match = new RouteMatch { Path = $"{prefix}/{{**rest}}", Methods = ["POST"] },
            AuthorizationPolicy = "anonymous",
        }));
        var linkPageRoutes = LinkPagePrefixes.SelectMany(service => service.Value.Select(prefix => new RouteConfig
        {
            RouteId = $"{service.Key}{prefix.Replace('/', '-')}",
            ClusterId = service.Key,
            Match = new RouteMatch { Path = $"{prefix}/{{**rest}}", Methods = ["GET", "POST"] },
            AuthorizationPolicy = "anonymous",
        }));
        var signInRoutes = SignInPrefixes.SelectMany(service => service.Value.Select(prefix => new RouteConfig
        {
            RouteId = $"{service.Key}{prefix.Replace('/', '-')}",
            ClusterId = service.Key,
            Match = new RouteMatch { Path = $"{prefix}/{{**rest}}" },
            AuthorizationPolicy = "anonymous",
        // The public host, so the discovery document names the public endpoints, not the service's in-cluster address.
        }.WithTransformUseOriginalHostHeader()));
        // An exact path outranks the service's catch-all prefix route in YARP's matching.
        var anonymousReadRoutes = AnonymousReads.SelectMany(service => service.Value.Select(path => new RouteConfig
        {
            RouteId = $"{service.Key}{path.Replace('/', '-')}",
            ClusterId = service.Key,
            Match = new RouteMatch { Path = path, Methods = ["GET"] },
            AuthorizationPolicy = "anonymous",
        }));
        // Each service's OpenAPI document, public so app and association developers can generate clients.
        var documentRoutes = PublicPrefixes.Keys.Select(service => new RouteConfig
        {
            RouteId = $"{service}-openapi",
            ClusterId = service,
            Match = new RouteMatch { Path = $"/openapi/{service}.json", Methods = ["GET"] },
            AuthorizationPolicy = "anonymous",
        }.WithTransformPathSet("/openapi/v1.json"));

        builder.Services.AddReverseProxy().LoadFromMemory([.. apiRoutes, .. signInRoutes, .. consoleRoutes, .. webhookRoutes, .. linkPageRoutes, .. anonymousReadRoutes, .. documentRoutes], clusters);
        return builder;
    }
}
