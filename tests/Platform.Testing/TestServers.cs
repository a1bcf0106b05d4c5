using DotNet.Testcontainers.Builders;
using Npgsql;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Platform.Testing;

/// <summary>
/// The real PostgreSQL and RabbitMQ the integration tests run against: named by environment variables (set by
/// ./platform test), else started with Testcontainers where a Docker engine exists, else a clear failure. Never a skip.
/// Each test host gets its own database and virtual host, so test classes never see each other's data or messages.
/// </summary>
public sealed class TestServers
{
    public const string PostgresVariable = "PLATFORM_TEST_POSTGRES";
    public const string RabbitMqVariable = "PLATFORM_TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "PLATFORM_TEST_RABBITMQ_MANAGEMENT";

    private static readonly Lazy<Task<TestServers>> Shared = new(StartAsync);

    private TestServers(string postgresAdmin, Uri rabbitMq, Uri rabbitMqManagement)
    {
        PostgresAdmin = postgresAdmin;
        RabbitMq = rabbitMq;
        RabbitMqManagement = rabbitMqManagement;
    }

    /// <summary>A connection string to the server's maintenance database, with the right to create databases.</summary>
    public string PostgresAdmin { get; }
    public Uri RabbitMq { get; }
    public Uri RabbitMqManagement { get; }

    public static Task<TestServers> GetAsync() => Shared.Value;

    /// <returns>A connection string to a new, empty database.</returns>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"test_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/> (its connections are closed by force).</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Deletes a virtual host made by <see cref="CreateVirtualHostAsync"/>, with its queues.</summary>
    public async Task DeleteVirtualHostAsync(Uri virtualHost)
    {
        using var management = ManagementClient();
        using var response = await management.DeleteAsync($"/api/vhosts/{virtualHost.AbsolutePath.TrimStart('/')}");
    }

    /// <returns>An amqp:// address of a new, empty virtual host.</returns>
    public async Task<Uri> CreateVirtualHostAsync(string purpose)
    {
        var name = $"test-{purpose}-{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(RabbitMq.UserInfo.Split(':')[0]);
        using var management = ManagementClient();
        (await management.PutAsync($"/api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"/api/permissions/{name}/{user}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new UriBuilder(RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
    }

    private HttpClient ManagementClient()
    {
        var management = new HttpClient { BaseAddress = RabbitMqManagement };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(RabbitMq.UserInfo))));
        return management;
    }

    private static async Task<TestServers> StartAsync()
    {
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        var rabbit = Environment.GetEnvironmentVariable(RabbitMqVariable);
        var management = Environment.GetEnvironmentVariable(RabbitMqManagementVariable);
        if (!string.IsNullOrWhiteSpace(postgres) && !string.IsNullOrWhiteSpace(rabbit) && !string.IsNullOrWhiteSpace(management))
        {
            return new TestServers(postgres, new Uri(rabbit), new Uri(management));
        }
        return await StartContainersAsync();
    }

    private static async Task<TestServers> StartContainersAsync()
    {
        PostgreSqlContainer postgres;
        RabbitMqContainer rabbit;
        try
        {
            postgres = new PostgreSqlBuilder("postgres:15").Build();
            rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithUsername("guest").WithPassword("guest")
                .WithPortBinding(15672, assignRandomHostPort: true).Build();
        }
        catch (Exception noDocker) when (noDocker is DockerUnavailableException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"The integration tests need a real PostgreSQL and RabbitMQ. Run them with ./platform test (it starts both), " +
                $"or set {PostgresVariable}, {RabbitMqVariable} and {RabbitMqManagementVariable}, or provide a Docker engine " +
                $"for Testcontainers. ({noDocker.Message})", noDocker);
        }
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var amqp = new UriBuilder(rabbit.GetConnectionString()) { UserName = "guest", Password = "guest" }.Uri;
        return new TestServers(postgres.GetConnectionString(), amqp,
            new Uri($"http://{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}"));
    }
}
