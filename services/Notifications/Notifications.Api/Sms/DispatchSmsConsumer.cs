using MassTransit;

namespace Platform.Notifications.Api.Sms;

/// <summary>One alert SMS handed over by the bus: an escalation step's, a durable retry's.</summary>
public sealed class DispatchSmsConsumer(AlertSmsDispatcher dispatcher) : IConsumer<DispatchSms>
{
    public Task Consume(ConsumeContext<DispatchSms> context) => dispatcher.SendAsync(context, context.Message);
}
