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
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation())
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
