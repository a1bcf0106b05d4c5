using Marten;
using Platform.Devices.Api.Associations;
using Platform.Devices.Api.Beneficiaries;
using Platform.Devices.Api.Devices;
using Platform.Devices.Api.Devices.Health;

namespace Platform.Devices.Api;

/// <summary>The documents the devices schema keeps beside its event streams.</summary>
public static class DevicesSchema
{
    public static void Configure(StoreOptions options)
    {
        options.Schema.For<KnownBeneficiary>();
        // Codes name associations in import files: two associations never share one.
        options.Schema.For<Association>().UniqueIndex(association => association.Code);
        // Each device's folded state, written with its events; a real column so the fleet list pages on an index.
        options.Schema.For<Device>().Duplicate(device => device.AssociationId);
        options.Schema.For<DeviceHealth>().UseOptimisticConcurrency(true);
    }

    public static WebApplicationBuilder AddSilentDeviceWatch(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<DevicesOptions>(builder.Configuration.GetSection(DevicesOptions.Section));
        builder.Services.AddSingleton<SilentDeviceWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SilentDeviceWatch>());
        return builder;
    }
}
