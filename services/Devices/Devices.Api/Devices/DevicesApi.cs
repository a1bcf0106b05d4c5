using Platform.Devices.Api.Devices.Pairing;
using Platform.Devices.Api.Devices.Provisioning;
using Platform.Devices.Api.Devices.Reading;

namespace Platform.Devices.Api.Devices;

public static class DevicesApi
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/devices").WithTags("Devices");
        devices.MapProvisionDevice();
        devices.MapPairDevice();
        devices.MapGetDevice();
        return app;
    }
}
