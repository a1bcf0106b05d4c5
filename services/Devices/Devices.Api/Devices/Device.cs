using Marten;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Devices.Api.Devices;

// Domain events: private to this service, mapped to Platform.Devices.Contracts by the outbox.
public sealed record DeviceProvisioned(Guid DeviceId, string Serial, string Model, Guid AssociationId, DateTimeOffset At,
    string? Batch = null);
public sealed record DevicePairedToBeneficiary(Guid DeviceId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset At);
public sealed record DeviceUnpairedFromBeneficiary(Guid DeviceId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset At);
public sealed record DeviceReportedLost(Guid DeviceId, Guid AssociationId, Guid? BeneficiaryId, DateTimeOffset At);
public sealed record DeviceRetired(Guid DeviceId, Guid AssociationId, Guid? BeneficiaryId, DateTimeOffset At);
public sealed record DeviceBatteryRanLow(Guid DeviceId, Guid AssociationId, Guid? BeneficiaryId, int ButtonBatteryPercent,
    int? PhoneBatteryPercent, DateTimeOffset At);
/// <summary>Her app reported the button unlinked from her phone for longer than allowed: a press would reach nobody.</summary>
public sealed record ButtonLinkLost(Guid DeviceId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset UnlinkedSince, DateTimeOffset At);
public sealed record DeviceFellSilent(Guid DeviceId, Guid AssociationId, Guid? BeneficiaryId, DateTimeOffset LastContactAt,
    DateTimeOffset At);

public enum DeviceStatus
{
    /// <summary>Handed to an association, not yet given to a beneficiary.</summary>
    Assigned,
    Paired,
    /// <summary>Taken back from a beneficiary; the association may give it to another.</summary>
    Unpaired,
    /// <summary>Reported lost: it may be in the abuser's hands, so it never raises an alert again.</summary>
    Lost,
    Retired,
}

/// <summary>A button as the fleet knows it.</summary>
public sealed record Device(Guid Id, string Serial, string Model, Guid AssociationId, DeviceStatus Status, Guid? BeneficiaryId,
    string? Batch = null)
{
    /// <summary>The id follows from the serial: provisioning the same button twice lands on the same stream.</summary>
    public static Guid IdFor(string serial) => Platform.ServiceDefaults.DeterministicIds.From("device", serial);

    public bool IsRevoked => Status is DeviceStatus.Lost or DeviceStatus.Retired;
}

/// <summary>How each event changes a device (kept apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class DeviceEvolution
{
    public static Device? Evolve(Device? state, object @event) => (state, @event) switch
    {
        (null, DeviceProvisioned e) => new Device(e.DeviceId, e.Serial, e.Model, e.AssociationId, DeviceStatus.Assigned, null, e.Batch),
        (not null, DevicePairedToBeneficiary e) => state with { Status = DeviceStatus.Paired, BeneficiaryId = e.BeneficiaryId },
        (not null, DeviceUnpairedFromBeneficiary) => state with { Status = DeviceStatus.Unpaired, BeneficiaryId = null },
        (not null, DeviceReportedLost) => state with { Status = DeviceStatus.Lost, BeneficiaryId = null },
        (not null, DeviceRetired) => state with { Status = DeviceStatus.Retired, BeneficiaryId = null },
        _ => state,
    };
}

/// <summary>
/// Writes a device's events and, in the same transaction, its folded state as a document: the fleet list, the import
/// and the silence watch query that document instead of folding hundreds of streams.
/// </summary>
public static class DeviceStreams
{
    public static Device? Append(this IDocumentSession session, Guid deviceId, LoadedStream<Device> loaded, IReadOnlyList<object> events)
    {
        if (events.Count == 0)
        {
            return loaded.State;
        }
        session.AppendAfter(deviceId, loaded, events);
        var device = events.Aggregate(loaded.State, DeviceEvolution.Evolve);
        if (device is not null)
        {
            session.Store(device);
        }
        return device;
    }

    public static Device Start(this IDocumentSession session, IReadOnlyList<object> events)
    {
        var device = events.Aggregate(default(Device), DeviceEvolution.Evolve)
            ?? throw new InvalidOperationException("A device stream starts with its provisioning.");
        session.Events.StartStream(device.Id, events.ToArray());
        session.Store(device);
        return device;
    }
}
