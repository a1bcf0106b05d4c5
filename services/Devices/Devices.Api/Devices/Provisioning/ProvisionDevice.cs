using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Devices.Api.Associations;
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
    public const string UnknownAssociationProblem = "/problems/unknown-association";

    public static Dictionary<string, string[]> Validate(ProvisionDevice command)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsValidSerial(command.Serial))
        {
            errors["serial"] = [SerialRule];
        }
        if (!IsValidModel(command.Model))
        {
            errors["model"] = [ModelRule];
        }
        if (command.AssociationId is null || command.AssociationId == Guid.Empty)
        {
            errors["associationId"] = ["The association receiving the button is required."];
        }
        return errors;
    }

    /// <summary>Provisioning is idempotent for the same association; a serial already given to another is refused.</summary>
    /// <param name="association">The receiving association as the fleet knows it, null when never registered.</param>
    public static IReadOnlyList<object> Decide(ProvisionDevice command, Association? association, Device? existing, DateTimeOffset now,
        string? batch = null)
    {
        if (association is null || association.Id != command.AssociationId)
        {
            throw ProblemException.Unprocessable(UnknownAssociationProblem, "No association is registered under that id.",
                "An admin registers it first: PUT /api/devices/associations/{associationId}.");
        }
        var serial = Normalize(command.Serial!);
        if (existing is null)
        {
            return [new DeviceProvisioned(Device.IdFor(serial), serial, command.Model!.Trim(), association.Id, now, batch)];
        }
        return existing.AssociationId == command.AssociationId
            ? []
            : throw ProblemException.Conflict(SerialTakenProblem, "This serial is already provisioned for another association.");
    }

    public const string SerialRule = "A serial is 4 to 40 letters, digits or dashes.";
    public const string ModelRule = "A model name of at most 100 characters is required.";

    public static bool IsValidSerial(string? serial) => !string.IsNullOrWhiteSpace(serial) && SerialFormat().IsMatch(serial.Trim());

    public static bool IsValidModel(string? model) => !string.IsNullOrWhiteSpace(model) && model.Length <= 100;

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
            var association = await session.LoadAsync<Association>(command.AssociationId!.Value, cancellationToken);
            var stream = await session.LoadAsync<Device>(id, DeviceEvolution.Evolve, cancellationToken);
            var events = Decide(command, association, stream.State, time.GetUtcNow());
            if (events.Count == 0)
            {
                return TypedResults.Ok(DeviceView.From(stream.State!));
            }
            var device = session.Start(events);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/devices/{id}", DeviceView.From(device));
        });
    }

    [GeneratedRegex("^[A-Za-z0-9-]{4,40}$")]
    private static partial Regex SerialFormat();
}
