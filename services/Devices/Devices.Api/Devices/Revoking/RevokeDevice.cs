using Marten;
using Platform.Devices.Api.Devices.Pairing;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Revoking;

public enum RevocationReason
{
    Lost,
    Retired,
}

/// <summary>A button reported lost or taken out of service: no press from it may raise an alert again, for anyone.</summary>
public static class RevokeDeviceSlice
{
    public static IReadOnlyList<object> Decide(Device device, RevocationReason reason, DateTimeOffset now)
    {
        var already = device.Status switch
        {
            DeviceStatus.Lost => RevocationReason.Lost,
            DeviceStatus.Retired => RevocationReason.Retired,
            _ => (RevocationReason?)null,
        };
        if (already is { } previous)
        {
            // The same report again is a retry; the other one would rewrite what happened to the button.
            return previous == reason
                ? []
                : throw ProblemException.Conflict(PairDeviceSlice.RevokedProblem, $"This button was already {previous.ToString().ToLowerInvariant()}.");
        }
        return reason switch
        {
            RevocationReason.Lost => [new DeviceReportedLost(device.Id, device.AssociationId, device.BeneficiaryId, now)],
            _ => [new DeviceRetired(device.Id, device.AssociationId, device.BeneficiaryId, now)],
        };
    }

    public static void MapRevokeDevice(this RouteGroupBuilder devices)
    {
        Map(devices, "/{deviceId:guid}/loss-report", RevocationReason.Lost);
        Map(devices, "/{deviceId:guid}/retirement", RevocationReason.Retired);
    }

    private static void Map(RouteGroupBuilder devices, string route, RevocationReason reason) =>
        devices.MapPost(route, (Guid deviceId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
                CancellationToken cancellationToken) =>
                DeviceCommands.DecideAsync(deviceId, user, store, time, (device, now) => Decide(device, reason, now), cancellationToken))
            .RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);
}
