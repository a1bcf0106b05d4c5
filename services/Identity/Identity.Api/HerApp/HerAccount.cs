using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contacts.Contracts;
using Platform.Identity.Api.Storage;

namespace Platform.Identity.Api.HerApp;

/// <summary>
/// Who she is to the platform, as the contacts service enrolled her: the only source of the association her tokens name.
/// No one types it here, so a token can never name an association that does not care for her.
/// </summary>
public sealed class HerAccount
{
    public Guid BeneficiaryId { get; init; }
    public Guid AssociationId { get; set; }
    public DateTimeOffset EnrolledAt { get; set; }
}

public sealed class BeneficiaryEnrolledConsumer(IdentityDb db) : IConsumer<BeneficiaryEnrolled>
{
    // Storing the same fact twice is harmless, so redelivery needs no bookkeeping.
    public async Task Consume(ConsumeContext<BeneficiaryEnrolled> context)
    {
        var enrolled = context.Message;
        var account = await db.HerAccounts.SingleOrDefaultAsync(her => her.BeneficiaryId == enrolled.BeneficiaryId, context.CancellationToken);
        if (account is null)
        {
            db.HerAccounts.Add(new HerAccount
            {
                BeneficiaryId = enrolled.BeneficiaryId, AssociationId = enrolled.AssociationId, EnrolledAt = enrolled.OccurredAt,
            });
        }
        else if (enrolled.OccurredAt >= account.EnrolledAt)
        {
            account.AssociationId = enrolled.AssociationId;
            account.EnrolledAt = enrolled.OccurredAt;
        }
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException) when (account is null)
        {
            // Two deliveries raced to insert her: the other one stored the same fact. A retry re-reads it.
            throw new InvalidOperationException("Her account was stored concurrently; the retry will see it.");
        }
    }
}
