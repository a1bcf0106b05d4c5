using Marten;
using MassTransit;
using Platform.Contacts.Contracts;

namespace Platform.Notifications.Api.Contacts;

/// <summary>This service's copy of an association's on-call roster, kept from RosterChanged.</summary>
public sealed record RosterCopy(Guid Id, long Version, IReadOnlyList<RosterMember> Members)
{
    public IReadOnlyList<RosterMember> OnCallAt(DateTimeOffset instant) =>
        [.. Members.Where(member => member.Shifts.Any(shift => shift.Covers(instant)))];
}

public sealed class RosterChangedConsumer(IDocumentSession session) : IConsumer<RosterChanged>
{
    public async Task Consume(ConsumeContext<RosterChanged> context)
    {
        var changed = context.Message;
        var current = await session.LoadAsync<RosterCopy>(changed.AssociationId, context.CancellationToken);
        // Rosters may arrive late or twice: only a newer version replaces the copy.
        if (current is not null && current.Version >= changed.Version)
        {
            return;
        }
        session.Store(new RosterCopy(changed.AssociationId, changed.Version, changed.Members));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
