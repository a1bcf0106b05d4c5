using MassTransit;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.Consent;

/// <summary>
/// The request this service sent to a phone, kept so the reply can be matched to the contact it answers; written before
/// the SMS leaves, so a quick "OUI" never arrives before its request is known.
/// </summary>
public sealed record ConsentRequest(Guid Id, Guid AssociationId, Guid BeneficiaryId, string Phone, DateTimeOffset RequestedAt);

/// <summary>Texts a new contact (or one due for re-confirmation) the consent request, once per request.</summary>
public sealed class ContactConsentRequestedConsumer(OnceOnlySms sms, Marten.IDocumentSession session) : IConsumer<ContactConsentRequested>
{
    public async Task Consume(ConsumeContext<ContactConsentRequested> context)
    {
        var request = context.Message;
        session.Store(new ConsentRequest(request.ContactId, request.AssociationId, request.BeneficiaryId, request.Phone, request.OccurredAt));
        await session.SaveChangesAsync(context.CancellationToken);
        await sms.SendAsync(DeterministicIds.From("consent-sms", request.EventId),
            _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(request.Phone, ConsentSms.Compose(request))),
            context.CancellationToken);
    }
}
