namespace Platform.Devices.Api.Devices.Health;

/// <summary>
/// What the phone app last told us about a paired button, and which warnings the association already got. One row per
/// device in PostgreSQL, stored with optimistic concurrency: of two replicas (or two heartbeats) racing to report the
/// same drop or silence, one commits and the other decides again.
/// </summary>
/// <param name="BeneficiaryId">Whom the button is watched for; null once unpaired or revoked (no longer watched).</param>
/// <param name="LastContactAt">Server time of the last heartbeat (or of the pairing, before the first one).</param>
/// <param name="UnlinkedSince">Server time of the first heartbeat saying the button is not linked to her phone, in the
/// current run of such heartbeats; null while it is linked.</param>
public sealed record DeviceHealth(
    Guid Id,
    Guid AssociationId,
    Guid? BeneficiaryId,
    DateTimeOffset? LastContactAt,
    int? ButtonBatteryPercent = null,
    int? PhoneBatteryPercent = null,
    string? AppVersion = null,
    bool? BluetoothLinked = null,
    DateTimeOffset? ObservedAt = null,
    bool BatteryLowReported = false,
    bool SilenceReported = false,
    DateTimeOffset? UnlinkedSince = null,
    bool LinkLossReported = false)
{
    public bool Watched => BeneficiaryId is not null;
}

public static class DeviceWatch
{
    /// <summary>
    /// After a lifecycle change: a newly paired button is watched from the pairing on (the pairing counts as a contact,
    /// she had the button in hand); an unpaired or revoked one no longer is.
    /// </summary>
    public static DeviceHealth? After(Device? device, DeviceHealth? health, DateTimeOffset now) => device switch
    {
        null => health,
        { Status: DeviceStatus.Paired, BeneficiaryId: { } beneficiary } when health?.BeneficiaryId == beneficiary => health,
        { Status: DeviceStatus.Paired, BeneficiaryId: { } beneficiary } =>
            new DeviceHealth(device.Id, device.AssociationId, beneficiary, now),
        _ when health is null || !health.Watched => health,
        _ => health with { BeneficiaryId = null },
    };
}

public static class DeviceWatchSessions
{
    /// <summary>Keeps the health row in step with a lifecycle change, in the same transaction.</summary>
    public static async Task UpdateWatchAsync(this Marten.IDocumentSession session, Device device, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var health = await session.LoadAsync<DeviceHealth>(device.Id, cancellationToken);
        var watched = DeviceWatch.After(device, health, now);
        if (watched is not null && watched != health)
        {
            session.Store(watched);
        }
    }
}
