using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Platform.ServiceDefaults.Scheduling;

/// <summary>
/// A durable "wake me up at": one row per (kind, subject) in the service's own PostgreSQL schema. RabbitMQ here has no
/// delayed exchange, and a timer in memory dies with its pod; a row survives restarts and is seen by every replica.
/// </summary>
/// <remarks>
/// A wake-up carries no decision: its handler loads the subject's stream and decides what is due now. Firing twice (a
/// replica dying mid-handler, a lease running out) therefore repeats a no-op, never a message.
/// </remarks>
/// <param name="Tenant">The Marten tenant (association) the subject lives in.</param>
public sealed record WakeUp(Guid Id, string Kind, string Tenant, Guid SubjectId, DateTimeOffset DueAt);

public static class WakeUps
{
    public const string TableName = "wake_ups";

    public static Guid IdFor(string kind, Guid subjectId) => DeterministicIds.From("wake-up", kind, subjectId);

    /// <summary>
    /// Sets (or moves) the one pending wake-up of this kind for this subject, in the session's transaction: the events
    /// that make a step due and the promise to act on it commit together or not at all.
    /// </summary>
    public static void ScheduleWakeUp(this IDocumentOperations session, string kind, Guid subjectId, DateTimeOffset dueAt)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        session.QueueSqlCommand(
            $"insert into {table} (id, kind, tenant, subject_id, due_at) values (?, ?, ?, ?, ?) " +
            "on conflict (id) do update set due_at = excluded.due_at, leased_until = null",
            IdFor(kind, subjectId), kind, session.TenantId, subjectId, dueAt.ToUniversalTime());
    }

    /// <summary>
    /// Sets the wake-up unless one of this kind is already pending for this subject: a stream of callers cannot keep pushing
    /// it later (a probe that every new message would otherwise postpone forever).
    /// </summary>
    public static void ScheduleWakeUpIfAbsent(this IDocumentOperations session, string kind, Guid subjectId, DateTimeOffset dueAt)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        session.QueueSqlCommand(
            $"insert into {table} (id, kind, tenant, subject_id, due_at) values (?, ?, ?, ?, ?) on conflict (id) do nothing",
            IdFor(kind, subjectId), kind, session.TenantId, subjectId, dueAt.ToUniversalTime());
    }

    /// <summary>Drops the pending wake-up, in the session's transaction (nothing is left to decide for this subject).</summary>
    public static void CancelWakeUp(this IDocumentOperations session, string kind, Guid subjectId)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{TableName}";
        session.QueueSqlCommand($"delete from {table} where id = ?", IdFor(kind, subjectId));
    }

    /// <summary>
    /// Adds the wake-up table to the service's schema (created at startup with the rest) and the pump that fires due rows.
    /// Handlers are added with <see cref="AddWakeUpHandler{THandler}"/>.
    /// </summary>
    /// <param name="separateLanes">Kinds fired by a pump of their own, so a backlog of them (thousands of webhook attempts
    /// to a dead endpoint) never delays the others (an SMS retry).</param>
    public static WebApplicationBuilder AddWakeUps(this WebApplicationBuilder builder, string schema, params WakeUpLane[] separateLanes)
    {
        builder.Services.ConfigureMarten(options => options.Storage.ExtendedSchemaObjects.Add(Table(schema)));
        var settings = builder.Configuration.GetSection("WakeUps").Get<WakeUpSettings>() ?? new WakeUpSettings();
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new WakeUpTable(schema,
            NpgsqlDataSource.Create(builder.Configuration.GetConnectionString(EventStore.PlatformMarten.ConnectionStringName)!)));
        string[] separate = [.. separateLanes.SelectMany(lane => lane.Kinds)];
        foreach (var lane in (WakeUpLane[])[new WakeUpLane("main", Except: separate), .. separateLanes])
        {
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(services =>
                ActivatorUtilities.CreateInstance<WakeUpPump>(services, lane));
        }
        return builder;
    }

    public static IServiceCollection AddWakeUpHandler<THandler>(this IServiceCollection services)
        where THandler : class, IWakeUpHandler =>
        services.AddScoped<IWakeUpHandler, THandler>();

    private static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<string>("tenant").NotNull();
        table.AddColumn<Guid>("subject_id").NotNull();
        table.AddColumn("due_at", "timestamp with time zone").NotNull();
        // Set while one replica handles the row; a replica that dies leaves a lease that runs out.
        table.AddColumn("leased_until", "timestamp with time zone");
        table.Indexes.Add(new IndexDefinition($"ix_{TableName}_due_at") { Columns = ["due_at"] });
        return table;
    }
}

/// <summary>Which kinds one pump fires: the given ones, or every kind but the excepted ones.</summary>
public sealed record WakeUpLane(string Name, IReadOnlyList<string>? Kinds = null, IReadOnlyList<string>? Except = null)
{
    public IReadOnlyList<string> Kinds { get; } = Kinds ?? [];
}

/// <param name="PollInterval">How often each replica looks for due rows: a step fires at most this late (plus its work).</param>
/// <param name="Lease">How long a replica may hold a row before another may take it (its handler died or hung).</param>
/// <param name="RetryAfterFailure">When a handler throws, how long before the row is tried again.</param>
public sealed record WakeUpSettings(TimeSpan PollInterval, TimeSpan Lease, TimeSpan RetryAfterFailure, int BatchSize)
{
    public WakeUpSettings() : this(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), 50)
    {
    }
}

/// <summary>Acts on one kind of wake-up. Must be idempotent: decide from the subject's own stream what is due now.</summary>
public interface IWakeUpHandler
{
    string Kind { get; }

    Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken);
}

public sealed record WakeUpTable(string Schema, NpgsqlDataSource DataSource)
{
    public string QualifiedName => $"{Schema}.{WakeUps.TableName}";
}
