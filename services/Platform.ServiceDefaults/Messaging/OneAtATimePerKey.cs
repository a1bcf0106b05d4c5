using MassTransit;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose messages about one thing (an alert, a beneficiary) are applied one at a time in a replica: handled
/// concurrently they would race on one stream or document and wait out a retry. Other things still run in parallel.
/// </summary>
public abstract class OneAtATimePerKey<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    private const int Partitions = 16;

    /// <summary>Names, per message type, the id messages are serialized on.</summary>
    protected abstract void KeyBy(PartitionKeys<TConsumer> keys);

    protected sealed override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        KeyBy(new PartitionKeys<TConsumer>(endpointConfigurator.CreatePartitioner(Partitions), consumerConfigurator));
}

public sealed class PartitionKeys<TConsumer>(IPartitioner partitioner, IConsumerConfigurator<TConsumer> consumer)
    where TConsumer : class, IConsumer
{
    public PartitionKeys<TConsumer> Message<TMessage>(Func<TMessage, Guid> key)
        where TMessage : class
    {
        consumer.Message<TMessage>(message => message.UsePartitioner(partitioner, context => key(context.Message)));
        return this;
    }
}
