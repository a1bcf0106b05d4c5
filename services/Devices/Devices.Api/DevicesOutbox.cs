using JasperFx.Events;
using Marten;
using Platform.Devices.Api.Devices;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Devices.Contracts;

namespace Platform.Devices.Api;

/// <summary>What the devices service tells others.</summary>
public sealed class DevicesOutbox : IIntegrationEventMapper
{
    public ValueTask<IReadOnlyList<OutgoingMessage>> MapAsync(IEvent committed, IDocumentOperations operations,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<OutgoingMessage>>(Map(committed));

    public static IReadOnlyList<OutgoingMessage> Map(IEvent committed)
    {
        var id = DeterministicIds.From(committed.Id, committed.Data.GetType().Name);
        return committed.Data switch
        {
            DevicePairedToBeneficiary paired =>
                [new(id, new Contract.DevicePaired(id, paired.At, paired.AssociationId, paired.DeviceId, paired.BeneficiaryId))],
            _ => [],
        };
    }
}
