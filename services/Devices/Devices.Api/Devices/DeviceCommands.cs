using Marten;
using Platform.Devices.Api.Devices.Health;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices;

/// <summary>The shape every lifecycle command shares: find the caller's device, decide, record, keep the watch in step.</summary>
public static class DeviceCommands
{
    /// <summary>The region's admin sees every device; an operator only her association's.</summary>
    public static bool CanSee(this ClaimsPrincipal user, Device device) =>
        user.IsInRole(PlatformRoles.Admin)
        || (user.IsInRole(PlatformRoles.Operator) && device.AssociationId == user.AssociationId());

    public static Task<DeviceView> DecideAsync(Guid deviceId, ClaimsPrincipal user, IDocumentStore store, TimeProvider time,
        Func<Device, DateTimeOffset, IReadOnlyList<object>> decide, CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Device>(deviceId, DeviceEvolution.Evolve, cancellationToken);
            // Another association's button is indistinguishable from a missing one.
            if (stream.State is not { } device || !user.CanSee(device))
            {
                throw ProblemException.NotFound("The device");
            }
            var now = time.GetUtcNow();
            var events = decide(device, now);
            var changed = session.Append(deviceId, stream, events)!;
            if (events.Count > 0)
            {
                await session.UpdateWatchAsync(changed, now, cancellationToken);
            }
            await session.SaveChangesAsync(cancellationToken);
            return DeviceView.From(changed);
        });
}
