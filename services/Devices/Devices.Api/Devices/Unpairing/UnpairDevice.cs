using Marten;
using Platform.Devices.Api.Devices.Pairing;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Unpairing;

/// <summary>The association takes a button back from a beneficiary (she left the programme, or gets another one).</summary>
public static class UnpairDeviceSlice
{
    public static IReadOnlyList<object> Decide(Device device, DateTimeOffset now) => device switch
    {
        { IsRevoked: true } => throw ProblemException.Conflict(PairDeviceSlice.RevokedProblem,
            "This button was reported lost or retired; it is no longer paired to anyone."),
        { Status: DeviceStatus.Paired, BeneficiaryId: { } beneficiary } =>
            [new DeviceUnpairedFromBeneficiary(device.Id, device.AssociationId, beneficiary, now)],
        // Not paired (never, or already unpaired): a retried request changes nothing.
        _ => [],
    };

    public static void MapUnpairDevice(this RouteGroupBuilder devices) =>
        devices.MapPost("/{deviceId:guid}/unpairing", (Guid deviceId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
                CancellationToken cancellationToken) =>
                DeviceCommands.DecideAsync(deviceId, user, store, time, Decide, cancellationToken))
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);
}
