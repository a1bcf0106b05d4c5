using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Devices.Api.Devices.Health;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Listing;

/// <summary>One line of an association's fleet: who has the button, and whether it will work when she needs it.</summary>
public sealed record FleetDeviceView(Guid Id, string Serial, string Model, Guid AssociationId, DeviceStatus Status, Guid? BeneficiaryId,
    string? Batch, int? ButtonBatteryPercent, int? PhoneBatteryPercent, DateTimeOffset? LastContactAt, bool? BluetoothLinked,
    string? AppVersion, DateTimeOffset? UnlinkedSince = null)
{
    public static FleetDeviceView From(Device device, DeviceHealth? health)
    {
        // Health belongs to whoever holds the button now; an unpaired button shows none of her last readings.
        var current = health is not null && health.Watched && health.BeneficiaryId == device.BeneficiaryId ? health : null;
        return new(device.Id, device.Serial, device.Model, device.AssociationId, device.Status, device.BeneficiaryId, device.Batch,
            current?.ButtonBatteryPercent, current?.PhoneBatteryPercent, current?.LastContactAt, current?.BluetoothLinked,
            current?.AppVersion, current?.UnlinkedSince);
    }
}

/// <param name="Next">The cursor for the next page (pass it as ?after=), null on the last page.</param>
public sealed record DevicePage(IReadOnlyList<FleetDeviceView> Items, Guid? Next);

public static class ListDevicesSlice
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void MapListDevices(this RouteGroupBuilder devices) =>
        devices.MapGet("/", HandleAsync).RequireAuthorization(PlatformAuthentication.AdminOrOperatorPolicy);

    private static async Task<Results<Ok<DevicePage>, ValidationProblem>> HandleAsync(ClaimsPrincipal user, IDocumentStore store,
        Guid? after, int? limit, Guid? association, CancellationToken cancellationToken)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"From 1 to {MaxLimit}."] },
                type: ProblemTypes.Validation);
        }
        // An operator sees her own association whatever she asks for; only the region's admin chooses (or sees all).
        var associationId = user.IsInRole(PlatformRoles.Admin) ? association : user.AssociationId();
        var cursor = after ?? Guid.Empty;
        await using var session = store.QuerySession();
        // Keyset paging on the document id (PostgreSQL's uuid order), over the association column Marten keeps indexed.
        var page = associationId is { } id
            ? await session.QueryAsync<Device>("where association_id = ? and id > ? order by id limit ?", cancellationToken,
                id, cursor, size + 1)
            : await session.QueryAsync<Device>("where id > ? order by id limit ?", cancellationToken, cursor, size + 1);
        var items = page.Take(size).ToList();
        var health = (await session.LoadManyAsync<DeviceHealth>(cancellationToken, items.Select(device => device.Id)))
            .ToDictionary(h => h.Id);
        return TypedResults.Ok(new DevicePage(
            items.Select(device => FleetDeviceView.From(device, health.GetValueOrDefault(device.Id))).ToList(),
            page.Count > size ? items[^1].Id : null));
    }
}
