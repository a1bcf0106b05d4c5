using MassTransit;
using Microsoft.EntityFrameworkCore;
using System.Text.Json;

namespace Platform.Identity.Api.Storage;

/// <summary>An integration event written in the same transaction as the change it announces, published after.</summary>
public sealed class PendingMessage
{
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    public static PendingMessage For<T>(Guid id, T message, DateTimeOffset now)
        where T : class =>
        new() { Id = id, Type = typeof(T).AssemblyQualifiedName!, Body = JsonSerializer.Serialize(message), CreatedAt = now };
}

/// <summary>
/// The identity service's outbox. Its store is Entity Framework Core (OpenIddict's), where the other services' Marten
/// outbox cannot reach, and MassTransit's EF outbox is not served here: a table and this loop do the same job.
/// At-least-once: a message is deleted only after the broker confirmed it, and its id is the message id consumers
/// de-duplicate on.
/// </summary>
public sealed class OutboxPublisher(IServiceScopeFactory scopes, ILogger<OutboxPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                await PublishPendingAsync(stoppingToken);
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(failure, "Publishing the identity outbox failed; retrying.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PublishPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();
        var pending = await db.Outbox.OrderBy(message => message.CreatedAt).Take(50).ToListAsync(cancellationToken);
        foreach (var message in pending)
        {
            var type = Type.GetType(message.Type, throwOnError: true)!;
            var body = JsonSerializer.Deserialize(message.Body, type)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await bus.Publish(body, type, context => context.MessageId = message.Id, timeout.Token);
            db.Outbox.Remove(message);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
