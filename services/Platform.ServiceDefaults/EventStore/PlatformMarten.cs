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
    /// <param name="wakeOnAppend">
    /// Wake the outbox the moment an event commits (PostgreSQL LISTEN/NOTIFY, ~2 ms) instead of polling. Only for the
    /// alerts service, whose events are the alert path itself: Marten's channel is one per database, so on a shared
    /// database every listening service is woken, and polls (writing a row) for every other service's appends. Measured
    /// with all of them listening: devices and contacts took 15 % and 14 % of the 2 cores during an alert burst, doing
    /// nothing. The others poll every 100 ms instead (a contact's consent or a lost button reaches the others within it).
    /// </param>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPlatformMarten<TMapper>(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions> configure, bool wakeOnAppend = false)
        where TMapper : class, IIntegrationEventMapper
    {
        builder.Services.AddSingleton<IIntegrationEventMapper, TMapper>();
        return builder.AddMartenStore(schema, options =>
            {
                // Wake the outbox as soon as an event commits instead of polling every second (STACK.md: ~2 ms vs ~1 s).
                options.Events.UseListenNotifyForEventAppends = wakeOnAppend;
                options.Projections.SlowPollingTime = TimeSpan.FromMilliseconds(wakeOnAppend ? 250 : 100);
                // A rolled-back append (an operator's stale resolution, a lost race) leaves a gap in the event sequence, and
                // the outbox waits this long before passing it: every alert's message waits with it (measured: 3 s, the
                // default, at p95 under load). Marten 9.16+ first checks that no live transaction could still fill the gap,
                // so a shorter wait skips only what was really rolled back.
                options.Projections.StaleSequenceThreshold = TimeSpan.FromMilliseconds(300);
                configure(options);
            })
            // HotCold: with several replicas one node runs the outbox; another takes over if it dies.
            .AddAsyncDaemon(DaemonMode.HotCold)
            .AddSubscriptionWithServices<IntegrationEventOutbox>(ServiceLifetime.Singleton);
    }

    /// <summary>A store for documents only: no events to publish, so no daemon polling (or woken) for nothing.</summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPlatformMarten(
        this WebApplicationBuilder builder, string schema, Action<StoreOptions> configure) =>
        builder.AddMartenStore(schema, configure);

    private static MartenServiceCollectionExtensions.MartenConfigurationExpression AddMartenStore(
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
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                // Marten's own spans and counters (source and meter "Marten"), picked up by Telemetry.
                options.OpenTelemetry.TrackConnections = JasperFx.OpenTelemetry.TrackLevel.Normal;
                options.OpenTelemetry.TrackEventCounters();
                options.Schema.For<ProcessedMessage>();
                configure(options);
            })
            .UseLightweightSessions()
            // Schema work at startup, not on the first alert after a deployment.
            .ApplyAllDatabaseChangesOnStartup();
    }
}
