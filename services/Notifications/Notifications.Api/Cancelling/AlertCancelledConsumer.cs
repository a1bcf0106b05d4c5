using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.FanOut;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.Cancelling;

/// <summary>
/// She cancelled her alert: each confirmed contact is told she is safe, once. A duress (AlertDuressRaised) is deliberately
/// not consumed here: her contacts must keep acting as if the alert were on.
/// </summary>
public sealed class AlertCancelledConsumer(IQuerySession session, OnceOnlySms sms) : IConsumer<AlertCancelled>
{
    public async Task Consume(ConsumeContext<AlertCancelled> context)
    {
        var cancelled = context.Message;
        var beneficiary = await session.LoadAsync<ContactsCopy>(cancelled.BeneficiaryId, context.CancellationToken);
        if (beneficiary is null || beneficiary.AssociationId != cancelled.AssociationId)
        {
            throw new ContactsNotKnownYetException(cancelled.AlertId);
        }
        foreach (var contact in beneficiary.Contacts.Where(c => c.Consent == ContactConsent.Confirmed))
        {
            await sms.SendAsync(SafeSms.DispatchIdFor(cancelled.AlertId, contact.ContactId), async current =>
            {
                // Read again at send time: someone removed a moment ago (the abuser can be on the list) receives nothing.
                var now = await current.LoadAsync<ContactsCopy>(cancelled.BeneficiaryId, context.CancellationToken);
                var still = now?.Contacts.FirstOrDefault(c => c.ContactId == contact.ContactId);
                return now is null || still is not { Consent: ContactConsent.Confirmed }
                    ? null
                    : new OutgoingSms(still.Phone, SafeSms.Compose(now.DisplayName, still.Language, now.NeutralWording));
            }, context.CancellationToken);
        }
    }
}
