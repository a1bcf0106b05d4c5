using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Text.RegularExpressions;

namespace Platform.Devices.Api.Devices.Provisioning;

/// <summary>A region admin hands a button to an association.</summary>
public sealed record ProvisionDevice(string? Serial, string? Model, Guid? AssociationId);

public static partial class ProvisionDeviceSlice
{
    public const string SerialTakenProblem = "/problems/device-serial-taken";

    public static Dictionary<string, string[]> Validate(ProvisionDevice command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.Serial) || !SerialFormat().IsMatch(command.Serial.Trim()))
        {
            errors["serial"] = ["A serial is 4 to 40 letters, digits or dashes."];
        }
        if (string.IsNullOrWhiteSpace(command.Model) || command.Model.Length > 100)
        {
            errors["model"] = ["A model name of at most 100 characters is required."];
        }
        if (command.AssociationId is null || command.AssociationId == Guid.Empty)
        {
            errors["associationId"] = ["The association receiving the button is required."];
        }
        return errors;
    }

    /// <summary>Provisioning is idempotent for the same association; a serial already given to another is refused.</summary>
    public static IReadOnlyList<object> Decide(ProvisionDevice command, Device? existing, DateTimeOffset now)
    {
        var serial = Normalize(command.Serial!);
        if (existing is null)
        {
            return [new DeviceProvisioned(Device.IdFor(serial), serial, command.Model!.Trim(), command.AssociationId!.Value, now)];
        }
        return existing.AssociationId == command.AssociationId
            ? []
            : throw ProblemException.Conflict(SerialTakenProblem, "This serial is already provisioned for another association.");
    }

    public static string Normalize(string serial) => serial.Trim().ToUpperInvariant();

    public static void MapProvisionDevice(this RouteGroupBuilder devices) =>
        devices.MapPost("/", HandleAsync).RequireAuthorization(PlatformAuthentication.AdminPolicy);

    private static async Task<Results<Created<DeviceView>, Ok<DeviceView>, ValidationProblem>> HandleAsync(
        ProvisionDevice command, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(command);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var id = Device.IdFor(Normalize(command.Serial!));
        // The same serial provisioned twice at once: the loser decides again against what the other committed.
        return await ConcurrentWrites.RetryAsync<Results<Created<DeviceView>, Ok<DeviceView>, ValidationProblem>>(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Device>(id, DeviceEvolution.Evolve, cancellationToken);
            var events = Decide(command, stream.State, time.GetUtcNow());
            if (events.Count == 0)
            {
                return TypedResults.Ok(DeviceView.From(stream.State!));
            }
            session.Events.StartStream(id, events.ToArray());
            await session.SaveChangesAsync(cancellationToken);
            var device = events.Aggregate(default(Device), DeviceEvolution.Evolve)!;
            return TypedResults.Created($"/api/devices/{id}", DeviceView.From(device));
        });
    }

    [GeneratedRegex("^[A-Za-z0-9-]{4,40}$")]
    private static partial Regex SerialFormat();
}
