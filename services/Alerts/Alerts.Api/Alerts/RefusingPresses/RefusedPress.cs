using Marten;
using Platform.Devices.Contracts;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.RefusingPresses;

/// <summary>
/// A press from a button reported lost or retired: refused, and kept for her association, because it may mean the
/// button is in someone else's hands.
/// </summary>
public sealed record RefusedPress(Guid Id, Guid DeviceId, Guid BeneficiaryId, DeviceRevocationReason Reason, DateTimeOffset At);

public static class RefusedPressesSlice
{
    private const int Latest = 100;

    public static void MapRefusedPresses(this RouteGroupBuilder alerts) =>
        alerts.MapGet("/refused-presses", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    /// <summary>The association's latest refused presses, newest first.</summary>
    private static async Task<IReadOnlyList<RefusedPress>> HandleAsync(ClaimsPrincipal user, IDocumentStore store,
        CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(user.AssociationId().ToString());
        return await session.Query<RefusedPress>().OrderByDescending(press => press.At).Take(Latest).ToListAsync(cancellationToken);
    }
}
