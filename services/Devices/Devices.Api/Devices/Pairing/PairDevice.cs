using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Devices.Api.Beneficiaries;
using Platform.Devices.Api.Devices.Health;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Devices.Api.Devices.Pairing;

/// <summary>An operator gives one of her association's buttons to a beneficiary it supports.</summary>
public sealed record PairDevice(Guid? BeneficiaryId);

public static class PairDeviceSlice
{
    public const string BeneficiaryUnknownProblem = "/problems/beneficiary-not-enrolled";
    public const string AlreadyPairedProblem = "/problems/device-paired-to-someone-else";
    public const string RevokedProblem = "/problems/device-revoked";

    /// <param name="beneficiary">The enrolment as this service learnt it, null when not (yet) known.</param>
    public static IReadOnlyList<object> Decide(Device device, Guid beneficiaryId, KnownBeneficiary? beneficiary, DateTimeOffset now)
    {
        if (device.IsRevoked)
        {
            // A lost button may be in the abuser's hands: it must never raise an alert for anyone again.
            throw ProblemException.Conflict(RevokedProblem, "This button was reported lost or retired; it cannot be paired again.");
        }
        if (beneficiary is null || beneficiary.AssociationId != device.AssociationId)
        {
            throw ProblemException.Unprocessable(BeneficiaryUnknownProblem, "No beneficiary of this association has that id.",
                "A beneficiary enrolled a moment ago may take a second to be known here; retry shortly.");
        }
        return device.BeneficiaryId switch
        {
            null => [new DevicePairedToBeneficiary(device.Id, device.AssociationId, beneficiaryId, now)],
            var current when current == beneficiaryId => [],
            _ => throw ProblemException.Conflict(AlreadyPairedProblem, "This button is paired to another beneficiary; unpair it first."),
        };
    }

    public static void MapPairDevice(this RouteGroupBuilder devices) =>
        devices.MapPost("/{deviceId:guid}/pairing", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    private static async Task<Results<Ok<DeviceView>, ValidationProblem>> HandleAsync(Guid deviceId, PairDevice command,
        ClaimsPrincipal user, IDocumentStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (command.BeneficiaryId is not { } beneficiaryId || beneficiaryId == Guid.Empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["beneficiaryId"] = ["Required."] },
                type: ProblemTypes.Validation);
        }
        return await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Device>(deviceId, DeviceEvolution.Evolve, cancellationToken);
            // Another association's button is indistinguishable from a missing one.
            if (stream.State is not { } device || device.AssociationId != user.AssociationId())
            {
                throw ProblemException.NotFound("The device");
            }
            var beneficiary = await session.LoadAsync<KnownBeneficiary>(beneficiaryId, cancellationToken);
            var now = time.GetUtcNow();
            var events = Decide(device, beneficiaryId, beneficiary, now);
            var paired = session.Append(deviceId, stream, events)!;
            if (events.Count > 0)
            {
                await session.UpdateWatchAsync(paired, now, cancellationToken);
            }
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(DeviceView.From(paired));
        });
    }
}
