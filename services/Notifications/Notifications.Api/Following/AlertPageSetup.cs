using Marten;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Platform.Notifications.Api.Following;

/// <summary>The alert page's registrations, so that notifications' Program.cs names the slice in two lines.</summary>
public static class AlertPageSetup
{
    /// <summary>
    /// Its consumer, documents, settings and signer. Called on the bus configurator, which is also the service collection:
    /// MassTransit takes consumers only there, and the rest rides along.
    /// </summary>
    public static IBusRegistrationConfigurator AddAlertPage(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AlertPositionConsumer>();
        bus.AddOptions<AlertPageSettings>()
            .Configure<IConfiguration>((settings, configuration) => settings.BindFrom(configuration))
            .ValidateOnStart();
        bus.AddSingleton<IValidateOptions<AlertPageSettings>, AlertPageSettings.Validation>();
        bus.AddSingleton(services => new AlertPageTokens(services.GetRequiredService<IOptions<AlertPageSettings>>().Value.KeyBytes()));
        bus.AddSingleton<AlertPageLinks>();
        bus.ConfigureMarten(options => options.AddAlertPageRecords());
        return bus;
    }
}
