using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using System.Diagnostics;

namespace Platform.ServiceDefaults;

/// <summary>OpenTelemetry traces and metrics; one trace follows an alert across HTTP and RabbitMQ hops.</summary>
public static class Telemetry
{
    /// <summary>The platform's own spans (the outbox hop between a Marten commit and the bus).</summary>
    public static readonly ActivitySource Source = new("Platform");

    /// <summary>Names of the libraries' own sources; Npgsql emits them without the Npgsql.OpenTelemetry package.</summary>
    private static readonly string[] LibrarySources = ["MassTransit", "Marten", "Npgsql", "Platform"];

    /// <summary>The alert page's links carry a secret token in their path (/a/{token}/...).</summary>
    public const string AlertPagePrefix = "/a/";

    /// <summary>The path with the alert page's token replaced, so a trace backend never holds a working link.</summary>
    public static string? Redact(string? path)
    {
        if (path is null || !path.StartsWith(AlertPagePrefix, StringComparison.Ordinal))
        {
            return path;
        }
        var rest = path[AlertPagePrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return AlertPagePrefix + "{token}" + (slash < 0 ? "" : rest[slash..]);
    }

    private static void RedactPath(Activity activity, string? path, string tag)
    {
        if (Redact(path) is { } redacted && redacted != path)
        {
            activity.SetTag(tag, redacted);
            activity.SetTag("url.query", null);
            activity.DisplayName = $"{activity.GetTagItem("http.request.method") ?? "HTTP"} {redacted}";
        }
    }

    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            // Formatted messages could carry a phone number or a position; structured state is enough.
            logging.IncludeFormattedMessage = false;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(LibrarySources)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    options.EnrichWithHttpRequest = (activity, request) => RedactPath(activity, request.Path.Value, "url.path");
                })
                .AddHttpClientInstrumentation(options =>
                    // The gateway forwards the alert page's requests: the token must not reach traces through the hop either.
                    options.EnrichWithHttpRequestMessage = (activity, request) => RedactPath(activity, request.RequestUri?.AbsolutePath, "url.full")))
            .WithMetrics(metrics => metrics
                .AddMeter(LibrarySources)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }
        return builder;
    }
}
