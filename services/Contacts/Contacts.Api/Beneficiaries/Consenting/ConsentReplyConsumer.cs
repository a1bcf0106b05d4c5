using Marten;
using MassTransit;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Contacts.Api.Beneficiaries.Consenting;

/// <summary>
/// One confirmation of one contact, kept beside her stream so the reconfirmation check finds the due ones without
/// reading every stream. Inserted with the confirmation, deleted once it lapses or stops being the current one.
/// </summary>
public sealed record ContactConfirmation(Guid Id, Guid BeneficiaryId, Guid ContactId, DateTimeOffset ConfirmedAt);

public static class RecordingConsentReplies
{
    /// <summary>
    /// Only a contact who was asked and has not answered yet (Pending, or Lapsed and asked again) moves; a duplicate or
    /// late reply, a reply for a removed contact, or one older than the latest request changes nothing.
    /// </summary>
    public static IReadOnlyList<object> Decide(Beneficiary? beneficiary, ConsentReplyReceived reply, DateTimeOffset now)
    {
        if (beneficiary is null || beneficiary.AssociationId != reply.AssociationId
            || beneficiary.FindContact(reply.ContactId) is not { } contact
            || contact.Consent is not (ConsentState.Pending or ConsentState.Lapsed)
            || reply.OccurredAt < contact.ConsentRequestedAt)
        {
            return [];
        }
        return [new ContactConsentReplied(beneficiary.Id, contact.Id, reply.Accepted, now)];
    }
}

public sealed class ConsentReplyConsumer(IDocumentStore store, TimeProvider time, ILogger<ConsentReplyConsumer> logger)
    : IConsumer<ConsentReplyReceived>
{
    public async Task Consume(ConsumeContext<ConsentReplyReceived> context)
    {
        var reply = context.Message;
        var cancellationToken = context.CancellationToken;
        var recorded = await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            // A redelivered reply must not confirm a number that changed since it was first applied.
            if (await session.AlreadyProcessedAsync(nameof(ConsentReplyConsumer), reply.EventId, cancellationToken))
            {
                return false;
            }
            var stream = await session.LoadAsync<Beneficiary>(reply.BeneficiaryId, BeneficiaryEvolution.Evolve, cancellationToken);
            var now = time.GetUtcNow();
            var events = RecordingConsentReplies.Decide(stream.State, reply, now);
            session.AppendAfter(reply.BeneficiaryId, stream, events);
            if (events is [ContactConsentReplied { Accepted: true } confirmed])
            {
                session.Insert(new ContactConfirmation(reply.EventId, confirmed.BeneficiaryId, confirmed.ContactId, confirmed.At));
            }
            session.MarkProcessed(nameof(ConsentReplyConsumer), reply.EventId, now);
            await session.SaveChangesAsync(cancellationToken);
            return events.Count > 0;
        });
        if (!recorded)
        {
            logger.LogInformation("Consent reply {EventId} for contact {ContactId} changed nothing (duplicate, late, or unknown contact).",
                reply.EventId, reply.ContactId);
        }
    }
}

/// <summary>Replies about one beneficiary are applied one at a time in a replica instead of racing on her stream.</summary>
public sealed class ConsentReplyConsumerDefinition : OneAtATimePerKey<ConsentReplyConsumer>
{
    protected override void KeyBy(PartitionKeys<ConsentReplyConsumer> keys) =>
        keys.Message<ConsentReplyReceived>(reply => reply.BeneficiaryId);
}
