using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Health;

/// <summary>Her app says, every so often, that the button still answers and how charged both are.</summary>
/// <param name="ObservedAt">The phone's own clock: kept for support, never trusted for silence (the server's receive time is).</param>
public sealed record ReportHeartbeat(int? ButtonBatteryPercent, int? PhoneBatteryPercent, string? AppVersion, bool? BluetoothLinked,
    DateTimeOffset? ObservedAt);

public static class ReportHeartbeatSlice
{
    public static Dictionary<string, string[]> Validate(ReportHeartbeat heartbeat)
    {
        var errors = new Dictionary<string, string[]>();
        if (heartbeat.ButtonBatteryPercent is not (>= 0 and <= 100))
        {
            errors["buttonBatteryPercent"] = ["A percentage from 0 to 100 is required."];
        }
        if (heartbeat.PhoneBatteryPercent is < 0 or > 100)
        {
            errors["phoneBatteryPercent"] = ["A percentage from 0 to 100."];
        }
        if (heartbeat.AppVersion is { Length: > 50 })
        {
            errors["appVersion"] = ["At most 50 characters."];
        }
        if (heartbeat.BluetoothLinked is null)
        {
            errors["bluetoothLinked"] = ["Required."];
        }
        return errors;
    }

    /// <summary>
    /// Records the contact; a battery that falls below the threshold is reported once per drop: again only after it
    /// recovered, so the association is warned without being flooded by every heartbeat of a low battery.
    /// </summary>
    public static (DeviceHealth Health, IReadOnlyList<object> Events) Decide(Device device, DeviceHealth? health, ReportHeartbeat heartbeat,
        DateTimeOffset now, int lowBatteryPercent)
    {
        var current = health is not null && health.BeneficiaryId == device.BeneficiaryId
            ? health
            : new DeviceHealth(device.Id, device.AssociationId, device.BeneficiaryId, now);
        var button = heartbeat.ButtonBatteryPercent!.Value;
        var low = button < lowBatteryPercent || heartbeat.PhoneBatteryPercent < lowBatteryPercent;
        IReadOnlyList<object> events = low && !current.BatteryLowReported
            ? [new DeviceBatteryRanLow(device.Id, device.AssociationId, device.BeneficiaryId, button, heartbeat.PhoneBatteryPercent, now)]
            : [];
        var updated = current with
        {
            LastContactAt = now,
            ButtonBatteryPercent = button,
            PhoneBatteryPercent = heartbeat.PhoneBatteryPercent,
            AppVersion = heartbeat.AppVersion?.Trim(),
            BluetoothLinked = heartbeat.BluetoothLinked,
            ObservedAt = heartbeat.ObservedAt,
            BatteryLowReported = low,
            // She is heard from again: a later silence is a new one, reported again.
            SilenceReported = false,
            // The link's loss is timed from the first heartbeat that reported it; a linked one ends it (a later loss is new).
            UnlinkedSince = heartbeat.BluetoothLinked == false ? current.UnlinkedSince ?? now : null,
            LinkLossReported = heartbeat.BluetoothLinked == false && current.LinkLossReported,
        };
        return (updated, events);
    }

    public static void MapReportHeartbeat(this RouteGroupBuilder devices) =>
        devices.MapPost("/{deviceId:guid}/heartbeats", HandleAsync).RequireAuthorization(PlatformAuthentication.BeneficiaryPolicy);

    private static async Task<Results<NoContent, ValidationProblem>> HandleAsync(Guid deviceId, ReportHeartbeat heartbeat,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, IOptions<DevicesOptions> options, CancellationToken cancellationToken)
    {
        var errors = Validate(heartbeat);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        // Two heartbeats at once, or a heartbeat and an unpairing: the health row's version lets one win, the other decides again.
        return await ConcurrentWrites.RetryAsync<Results<NoContent, ValidationProblem>>(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Device>(deviceId, DeviceEvolution.Evolve, cancellationToken);
            // Only the button paired to her: any other answers as if it did not exist.
            if (stream.State is not { Status: DeviceStatus.Paired } device
                || device.BeneficiaryId != user.SubjectId() || device.AssociationId != user.AssociationId())
            {
                throw ProblemException.NotFound("The device");
            }
            var health = await session.LoadAsync<DeviceHealth>(deviceId, cancellationToken);
            var (updated, events) = Decide(device, health, heartbeat, time.GetUtcNow(), options.Value.LowBatteryPercent);
            session.Store(updated);
            if (events.Count > 0)
            {
                session.Events.Append(deviceId, events.ToArray());
            }
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.NoContent();
        });
    }
}
