using Marten;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Reading;

public static class GetDeviceSlice
{
    public static void MapGetDevice(this RouteGroupBuilder devices) =>
        devices.MapGet("/{deviceId:guid}", HandleAsync)
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);

    private static async Task<DeviceView> HandleAsync(Guid deviceId, ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var stream = await session.LoadAsync<Device>(deviceId, DeviceEvolution.Evolve, cancellationToken);
        return stream.State is { } device && user.CanSee(device) ? DeviceView.From(stream.State!) : throw ProblemException.NotFound("The device");
    }
}
