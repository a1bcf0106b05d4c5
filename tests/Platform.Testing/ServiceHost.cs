using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// One service's real host (WebApplicationFactory) on its own database and RabbitMQ virtual host. Tests talk to it over
/// HTTP and over the broker: they publish what other services would, and watch what it publishes.
/// </summary>
public class ServiceHost<TProgram> : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
{
    private readonly string _purpose;
    private readonly Dictionary<string, string?> _settings = [];

    private readonly ServiceHost<TProgram>? _replicaOf;

    protected ServiceHost(string purpose)
    {
        _purpose = purpose;
    }

    /// <summary>A second replica of <paramref name="replicaOf"/>: the same database and virtual host, its own process state.</summary>
    protected ServiceHost(ServiceHost<TProgram> replicaOf)
    {
        _purpose = replicaOf._purpose;
        _replicaOf = replicaOf;
        Tokens = replicaOf.Tokens;
    }

    public TestTokens Tokens { get; } = TestTokens.InNewDirectory();

    /// <summary>The service's own database, for a test that inspects what is really stored (a dump, a row).</summary>
    public string PostgresConnectionString => _settings["ConnectionStrings:Postgres"]
        ?? throw new InvalidOperationException("The host has not started yet.");

    /// <summary>The service's own RabbitMQ virtual host, for a process run beside it (a command of its image).</summary>
    public Uri RabbitMqUri => new(_settings["ConnectionStrings:RabbitMq"] ?? throw new InvalidOperationException("The host has not started yet."));

    /// <summary>Settings a derived host adds (e.g. where Twilio is).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings() => [];

    public virtual async Task InitializeAsync()
    {
        if (_replicaOf is not null)
        {
            foreach (var (key, value) in _replicaOf._settings)
            {
                _settings[key] = value;
            }
        }
        else
        {
            var servers = await TestServers.GetAsync();
            _settings["ConnectionStrings:Postgres"] = await servers.CreateDatabaseAsync(_purpose);
            _settings["ConnectionStrings:RabbitMq"] = (await servers.CreateVirtualHostAsync(_purpose)).ToString();
            _settings["Auth:DevelopmentKeyFile"] = Tokens.PublicKeyFile;
            _settings["PinConfirmations:Key"] = Tokens.PinConfirmationKey;
        }
        foreach (var (key, value) in ExtraSettings())
        {
            _settings[key] = value;
        }
        // Starts the host now, so the first test does not pay for it inside its own timeout.
        StartServer();
        await Eventually.TrueAsync(async () => (await CreateClient().GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode,
            "the service to report ready", TimeSpan.FromSeconds(60));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_replicaOf is not null)
        {
            // The database and virtual host belong to the first replica.
            return;
        }
        // Leave nothing behind on a developer's long-lived servers.
        var servers = await TestServers.GetAsync();
        await servers.DeleteVirtualHostAsync(new Uri(_settings["ConnectionStrings:RabbitMq"]!));
        await servers.DropDatabaseAsync(_settings["ConnectionStrings:Postgres"]!);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task PublishAsync<T>(T message, Guid? messageId = null)
        where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    /// <summary>Binds a temporary queue that records every <typeparamref name="T"/> the service publishes from now on.</summary>
    public async Task<PublishedMessages<T>> WatchAsync<T>()
        where T : class
    {
        var seen = new PublishedMessages<T>();
        var handle = Services.GetRequiredService<IBus>().ConnectReceiveEndpoint($"test-watch-{typeof(T).Name}-{Guid.NewGuid():N}",
            endpoint =>
            {
                // One at a time: the queue's order is the publish order, and tests assert it (two handlers at once could
                // record the second message first).
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<T>(context =>
                {
                    seen.Add(context);
                    return Task.CompletedTask;
                });
            });
        await handle.Ready;
        return seen;
    }
}

/// <summary>What a service published, as a test's temporary queue received it.</summary>
public sealed class PublishedMessages<T>
    where T : class
{
    private readonly ConcurrentQueue<(Guid? MessageId, T Message, string? TraceId)> _received = new();

    public IReadOnlyList<(Guid? MessageId, T Message, string? TraceId)> All => [.. _received];

    internal void Add(ConsumeContext<T> context) =>
        _received.Enqueue((context.MessageId, context.Message, System.Diagnostics.Activity.Current?.TraceId.ToString()));

    public Task<(Guid? MessageId, T Message, string? TraceId)> FirstAsync(Func<T, bool> match) =>
        Eventually.ValueAsync(() => Task.FromResult(_received.FirstOrDefault(r => match(r.Message)) is { Message: not null } found
            ? (Found: true, Value: found) : (false, default)), $"a published {typeof(T).Name}");
}
