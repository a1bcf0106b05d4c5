namespace Platform.Devices.Api.Devices;

// Domain events: private to this service, mapped to Platform.Devices.Contracts by the outbox.
public sealed record DeviceProvisioned(Guid DeviceId, string Serial, string Model, Guid AssociationId, DateTimeOffset At);
public sealed record DevicePairedToBeneficiary(Guid DeviceId, Guid AssociationId, Guid BeneficiaryId, DateTimeOffset At);

public enum DeviceStatus
{
    /// <summary>Handed to an association, not yet given to a beneficiary.</summary>
    Assigned,
    Paired,
}

/// <summary>A button as the fleet knows it.</summary>
public sealed record Device(Guid Id, string Serial, string Model, Guid AssociationId, DeviceStatus Status, Guid? BeneficiaryId)
{
    /// <summary>The id follows from the serial: provisioning the same button twice lands on the same stream.</summary>
    public static Guid IdFor(string serial) => Platform.ServiceDefaults.DeterministicIds.From("device", serial);
}

/// <summary>How each event changes a device (kept apart from the record so Marten's aggregate generator leaves it alone).</summary>
public static class DeviceEvolution
{
    public static Device? Evolve(Device? state, object @event) => (state, @event) switch
    {
        (null, DeviceProvisioned e) => new Device(e.DeviceId, e.Serial, e.Model, e.AssociationId, DeviceStatus.Assigned, null),
        (not null, DevicePairedToBeneficiary e) => state with { Status = DeviceStatus.Paired, BeneficiaryId = e.BeneficiaryId },
        _ => state,
    };
}
