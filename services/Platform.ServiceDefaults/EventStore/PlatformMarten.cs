using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>Marten wiring shared by every service: one PostgreSQL schema per service, never shared tables.</summary>
public static class PlatformMarten
{
    public const string ConnectionStringName = "Postgres";

    /// <summary>
    /// Adds the service's Marten store in its own schema. When <typeparamref name="TMapper"/> is given, an event
    /// subscription (the outbox) publishes the integration events it maps from each committed event.
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPlatformMarten<TMapper>(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions> configure)
        where TMapper : class, IIntegrationEventMapper
    {
        builder.Services.AddSingleton<IIntegrationEventMapper, TMapper>();
        return builder.AddPlatformMarten(schema, configure)
            .AddSubscriptionWithServices<IntegrationEventOutbox>(ServiceLifetime.Singleton);
    }

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPlatformMarten(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions> configure)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");
        builder.Services.AddReadinessCheck<PostgresReadinessCheck>("postgres");
        return builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = schema;
                options.Events.DatabaseSchemaName = schema;
                // The trace context travels with each event so the outbox hop joins the request's trace.
                options.Events.MetadataConfig.HeadersEnabled = true;
                // Quick appends let concurrent writers to one alert (several notification outcomes at once) queue up
                // instead of failing; appends with an expected version still refuse a stale writer, and the lock
                // keeps a lost race from leaving a gap in the event sequence.
                options.Events.AppendMode = JasperFx.Events.EventAppendMode.Quick;
                options.Events.UseExclusiveLockOnConcurrentAppends = true;
                // Wake the outbox as soon as an event commits instead of polling every second (STACK.md: ~2 ms vs ~1 s).
                options.Events.UseListenNotifyForEventAppends = true;
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(250);
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // Marten's own spans and counters (source and meter "Marten"), picked up by Telemetry.
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.Schema.For<ProcessedMessage>();
                configure(options);
            })
            .UseLightweightSessions()
            // Schema work at startup, not on the first alert after a deployment.
            .ApplyAllDatabaseChangesOnStartup()
            // HotCold: with several replicas one node runs the outbox; another takes over if it dies.
            .AddAsyncDaemon(DaemonMode.HotCold);
    }
}
