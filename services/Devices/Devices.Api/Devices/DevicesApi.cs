using Platform.Devices.Api.Associations.Registering;
using Platform.Devices.Api.Devices.Health;
using Platform.Devices.Api.Devices.Importing;
using Platform.Devices.Api.Devices.Listing;
using Platform.Devices.Api.Devices.Pairing;
using Platform.Devices.Api.Devices.Provisioning;
using Platform.Devices.Api.Devices.Reading;
using Platform.Devices.Api.Devices.Revoking;
using Platform.Devices.Api.Devices.Unpairing;

namespace Platform.Devices.Api.Devices;

public static class DevicesApi
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var devices = app.MapGroup("/api/devices").WithTags("Devices");
        devices.MapRegisterAssociation();
        devices.MapProvisionDevice();
        devices.MapImportDevices();
        devices.MapListDevices();
        devices.MapGetDevice();
        devices.MapPairDevice();
        devices.MapUnpairDevice();
        devices.MapRevokeDevice();
        devices.MapReportHeartbeat();
        return app;
    }
}
