using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>An integration event ready to leave the service, with the message id consumers de-duplicate on.</summary>
public sealed record OutgoingMessage(Guid MessageId, object Message);

/// <summary>Maps a service's private domain events to its published integration events.</summary>
public interface IIntegrationEventMapper
{
    /// <param name="operations">Reads state as of the event (e.g. a full snapshot for event-carried state).</param>
    ValueTask<IReadOnlyList<OutgoingMessage>> MapAsync(IEvent committed, IDocumentOperations operations, CancellationToken cancellationToken);
}

/// <summary>A mapper that needs nothing but the committed event: its static Map is the whole mapping (and what tests call).</summary>
public interface IPureIntegrationEventMapper<TSelf> : IIntegrationEventMapper where TSelf : IPureIntegrationEventMapper<TSelf>
{
    static abstract IReadOnlyList<OutgoingMessage> Map(IEvent committed);

    ValueTask<IReadOnlyList<OutgoingMessage>> IIntegrationEventMapper.MapAsync(IEvent committed, IDocumentOperations operations,
        CancellationToken cancellationToken) => ValueTask.FromResult(TSelf.Map(committed));
}

/// <summary>
/// The outbox: a Marten subscription that publishes what committed events mean to other services.
/// Progress is stored after each page, so delivery is at-least-once and consumers de-duplicate by message id.
/// </summary>
public sealed class IntegrationEventOutbox : SubscriptionBase
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private readonly IIntegrationEventMapper _mapper;
    private readonly IBus _bus;
    private readonly ILogger<IntegrationEventOutbox> _logger;

    public IntegrationEventOutbox(IIntegrationEventMapper mapper, IBus bus, ILogger<IntegrationEventOutbox> logger)
    {
        _mapper = mapper;
        _bus = bus;
        _logger = logger;
        Name = "integration-events";
        // No SubscribeFrom...: a new store is read from its first event. Present would skip whatever committed while
        // the service was down, and FirstRun whatever committed before the daemon's first start (a new deployment's
        // first alerts).
        Options.BatchSize = 200;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var messages = new List<(IEvent Committed, OutgoingMessage Outgoing)>();
        foreach (var committed in page.Events)
        {
            foreach (var outgoing in await _mapper.MapAsync(committed, operations, cancellationToken))
            {
                messages.Add((committed, outgoing));
            }
        }
        // Each publish waits for the broker's confirm (a quorum queue's replicated write): one after another, the outbox
        // could not publish faster than one confirm at a time, and every alert behind it would wait. Streams go in
        // parallel; one stream's messages keep their order.
        await Task.WhenAll(messages.GroupBy(message => message.Committed.StreamKey ?? message.Committed.StreamId.ToString())
            .Select(async stream =>
            {
                foreach (var (committed, outgoing) in stream)
                {
                    await PublishAsync(committed, outgoing, cancellationToken);
                }
            }));
        return NullChangeListener.Instance;
    }

    private async Task PublishAsync(IEvent committed, OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity($"outbox publish {outgoing.Message.GetType().Name}",
            ActivityKind.Producer, TraceContext.Restore(committed));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await _bus.Publish(outgoing.Message, outgoing.Message.GetType(),
                context => context.MessageId = outgoing.MessageId, timeout.Token);
        }
        catch (OperationCanceledException cancelled)
        {
            // A cancellation escaping ProcessEventsAsync stops the agent for good (STACK.md);
            // any other exception pauses it and retries the page.
            _logger.LogWarning("Publishing {MessageType} {MessageId} timed out; the page will be retried.",
                outgoing.Message.GetType().Name, outgoing.MessageId);
            throw new OutboxPublishFailedException(outgoing.MessageId, cancelled);
        }
    }

    private sealed class NullChangeListener : IChangeListener
    {
        public static readonly NullChangeListener Instance = new();
        public Task AfterCommitAsync(IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token) => Task.CompletedTask;
        public Task BeforeCommitAsync(IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token) => Task.CompletedTask;
    }
}

public sealed class OutboxPublishFailedException(Guid messageId, Exception inner)
    : Exception($"Publishing message {messageId} did not complete in time.", inner);
