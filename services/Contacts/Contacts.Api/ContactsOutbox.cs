using JasperFx.Events;
using Marten;
using Platform.Contacts.Api.Beneficiaries;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Api;

/// <summary>What the contacts service tells others: every change of a beneficiary republishes her full snapshot.</summary>
public sealed class ContactsOutbox : IIntegrationEventMapper
{
    public async ValueTask<IReadOnlyList<OutgoingMessage>> MapAsync(IEvent committed, IDocumentOperations operations,
        CancellationToken cancellationToken)
    {
        if (committed.Data is not (BeneficiaryEnrolled or AlertMessageWritten or EmergencyContactAdded))
        {
            return [];
        }
        // The snapshot as of this event, not as of now: replaying an old page never publishes newer state under an old version.
        var history = await operations.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: cancellationToken);
        var beneficiary = history.Aggregate(default(Beneficiary), (state, e) => BeneficiaryEvolution.Evolve(state, e.Data))!;
        var messages = new List<OutgoingMessage>();
        if (committed.Data is BeneficiaryEnrolled enrolled)
        {
            var enrolledId = DeterministicIds.From(committed.Id, nameof(Contract.BeneficiaryEnrolled));
            messages.Add(new(enrolledId, new Contract.BeneficiaryEnrolled(enrolledId, enrolled.At, beneficiary.AssociationId, beneficiary.Id)));
        }
        var changedId = DeterministicIds.From(committed.Id, nameof(Contract.ContactsChanged));
        messages.Add(new(changedId, Snapshot(changedId, committed, beneficiary)));
        return messages;
    }

    public static Contract.ContactsChanged Snapshot(Guid eventId, IEvent committed, Beneficiary beneficiary) => new(
        eventId, committed.Timestamp, beneficiary.AssociationId, beneficiary.Id, committed.Version, beneficiary.DisplayName,
        beneficiary.Language, beneficiary.AlertMessage,
        [.. beneficiary.Contacts.Select(c => new Contract.EmergencyContact(c.Id, c.Name, c.Phone, c.Tier, c.Language))]);
}
