using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>MassTransit on RabbitMQ, configured alike in every service.</summary>
public static class PlatformBus
{
    public const string ConnectionStringName = "RabbitMq";

    /// <param name="serviceName">Prefixes the service's queues, so each service owns its own.</param>
    public static WebApplicationBuilder AddPlatformBus(this WebApplicationBuilder builder, string serviceName,
        Action<IBusRegistrationConfigurator> configure)
    {
        var broker = RabbitMqAddress.Parse(builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set (amqp://user:password@host:port/vhost)."));

        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                // Quorum queues are replicated: a broker node lost mid-alert loses no message.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
            });
            configure(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.Username);
                    host.Password(broker.Password);
                    // Reconnect quickly after a broker restart: a delayed alert is the cost of a slow retry.
                    host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
                });
                // No delayed-exchange plugin exists here (STACK.md), so retries are in memory; consumers are idempotent.
                rabbit.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30),
                    TimeSpan.FromMilliseconds(500)));
                // Consumers mostly wait on PostgreSQL commits and Twilio: more messages in flight per replica keep the cores
                // busy and let PostgreSQL group commits. Every consumer is idempotent and per-key ordering is partitioned.
                rabbit.PrefetchCount = builder.Configuration.GetValue<int?>("Messaging:PrefetchCount") ?? 32;
                rabbit.ConfigureEndpoints(context);
            });
        });
        // The HTTP path must not wait on RabbitMQ: a press is committed to PostgreSQL whether the broker is up or not.
        builder.Services.Configure<MassTransitHostOptions>(options => options.WaitUntilStarted = false);
        return builder;
    }

    private sealed record RabbitMqAddress(string Host, ushort Port, string VirtualHost, string Username, string Password)
    {
        public static RabbitMqAddress Parse(string value)
        {
            var uri = new Uri(value);
            var credentials = uri.UserInfo.Split(':', 2);
            var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            return new RabbitMqAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? (ushort)5672 : (ushort)uri.Port,
                virtualHost.Length == 0 ? "/" : virtualHost,
                Uri.UnescapeDataString(credentials[0]), credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
        }
    }
}
