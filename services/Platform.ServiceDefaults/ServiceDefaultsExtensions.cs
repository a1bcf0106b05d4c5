using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.ServiceDefaults.Authentication;
using System.Text.Json.Serialization;

namespace Platform.ServiceDefaults;

/// <summary>The host concerns every service shares; each service's Program.cs stays a page long.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks that must pass before a pod receives traffic.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<JsonOptions>(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.AddPlatformTelemetry(serviceName);
        builder.AddPlatformProblemDetails();
        builder.AddPlatformAuthentication();
        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>Health, OpenAPI and the error pipeline, in every environment (Kubernetes probes need them).</summary>
    /// <param name="serveOpenApi">False for the gateway, which serves each service's document instead of its own.</param>
    /// <param name="rateLimited">The gateway's abuse limits (registered with AddRateLimiter), after authentication so a
    /// token's subject can be a partition, and before authorization so refused tokens count too.</param>
    public static WebApplication UsePlatformDefaults(this WebApplication app, bool serveOpenApi = true, bool rateLimited = false)
    {
        app.UsePlatformProblemDetails();
        app.UseAuthentication();
        if (rateLimited)
        {
            app.UseRateLimiter();
        }
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous();
        if (serveOpenApi)
        {
            app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        }
        return app;
    }

    internal static IHealthChecksBuilder AddReadinessCheck<T>(this IServiceCollection services, string name)
        where T : class, IHealthCheck =>
        services.AddHealthChecks().AddCheck<T>(name, HealthStatus.Unhealthy, [ReadyTag]);
}
