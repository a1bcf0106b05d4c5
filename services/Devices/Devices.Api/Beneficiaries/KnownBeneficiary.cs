using Marten;
using MassTransit;
using Platform.Contacts.Contracts;

namespace Platform.Devices.Api.Beneficiaries;

/// <summary>This service's own copy of who is enrolled where, kept from the contacts service's events.</summary>
public sealed record KnownBeneficiary(Guid Id, Guid AssociationId);

public sealed class BeneficiaryEnrolledConsumer(IDocumentSession session) : IConsumer<BeneficiaryEnrolled>
{
    // Storing the same fact twice is harmless, so redelivery needs no bookkeeping here.
    public async Task Consume(ConsumeContext<BeneficiaryEnrolled> context)
    {
        session.Store(new KnownBeneficiary(context.Message.BeneficiaryId, context.Message.AssociationId));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
