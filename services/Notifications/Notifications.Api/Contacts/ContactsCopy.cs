using Marten;
using MassTransit;
using Platform.Contacts.Contracts;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Notifications.Api.Contacts;

/// <summary>
/// This service's own copy of whom her alert reaches, kept from ContactsChanged: fan-out never waits on the contacts
/// service, so the region can scale notifications alone.
/// </summary>
public sealed record ContactsCopy(Guid Id, Guid AssociationId, long Version, string DisplayName, string Language,
    string AlertMessage, IReadOnlyList<EmergencyContact> Contacts, string? BeneficiaryPhone = null, bool NeutralWording = false)
{
    public static ContactsCopy From(ContactsChanged changed) => new(changed.BeneficiaryId, changed.AssociationId, changed.Version,
        changed.DisplayName, changed.Language, changed.AlertMessage, changed.Contacts, changed.BeneficiaryPhone, changed.NeutralWording);
}

public sealed class ContactsChangedConsumer(IDocumentSession session, ContactsCatchUp catchUp) : IConsumer<ContactsChanged>
{
    public async Task Consume(ConsumeContext<ContactsChanged> context)
    {
        catchUp.Applying();
        try
        {
            var changed = context.Message;
            var current = await session.LoadAsync<ContactsCopy>(changed.BeneficiaryId, context.CancellationToken);
            // Snapshots may arrive late or twice: only a newer version replaces the copy.
            if (current is not null && current.Version >= changed.Version)
            {
                return;
            }
            session.Store(ContactsCopy.From(changed));
            await session.SaveChangesAsync(context.CancellationToken);
        }
        finally
        {
            catchUp.Applied();
        }
    }
}

/// <summary>
/// Snapshots of one beneficiary are applied one at a time in a replica: concurrent ones would collide on the copy's
/// version and wait out a retry, leaving an older copy in place while an alert may need the newer one.
/// </summary>
public sealed class ContactsChangedConsumerDefinition : OneAtATimePerKey<ContactsChangedConsumer>
{
    protected override void KeyBy(PartitionKeys<ContactsChangedConsumer> keys) =>
        keys.Message<ContactsChanged>(changed => changed.BeneficiaryId);
}
