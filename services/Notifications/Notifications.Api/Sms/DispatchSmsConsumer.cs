using MassTransit;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Sms;

/// <summary>Sends one alert SMS, exactly once per (alert, contact, step), and reports the outcome to the alert's timeline.</summary>
public sealed class DispatchSmsConsumer(OnceOnlySms sms) : IConsumer<DispatchSms>
{
    public async Task Consume(ConsumeContext<DispatchSms> context)
    {
        var command = context.Message;
        var dispatch = await sms.SendAsync(SmsDispatch.IdFor(command.AlertId, command.ContactId, command.EscalationStep),
            async session =>
            {
                // Read her contacts now, not when the alert was planned: someone removed (or no longer confirmed) a
                // moment ago receives nothing. The abuser can be on the list.
                var beneficiary = await session.LoadAsync<ContactsCopy>(command.BeneficiaryId, context.CancellationToken);
                var contact = beneficiary?.Contacts.FirstOrDefault(c => c.ContactId == command.ContactId);
                return beneficiary is null || contact is not { Consent: ContactConsent.Confirmed }
                    ? null
                    : new OutgoingSms(contact.Phone, AlertSms.Compose(beneficiary, contact, command.Location));
            }, context.CancellationToken);
        // Published again on a repeat (its id is fixed, so alerts records it once) in case the first publish was lost.
        await PublishOutcomeAsync(context, dispatch);
    }

    private static Task PublishOutcomeAsync(ConsumeContext<DispatchSms> context, SmsDispatch dispatch)
    {
        var command = context.Message;
        object? outcome = dispatch.Status switch
        {
            SmsDispatchStatus.Sent => new NotificationDispatched(dispatch.Id, dispatch.UpdatedAt, command.AssociationId, command.AlertId,
                command.ContactId, NotificationChannel.Sms, command.EscalationStep, dispatch.ProviderMessageId!),
            SmsDispatchStatus.Failed => new NotificationFailed(dispatch.Id, dispatch.UpdatedAt, command.AssociationId, command.AlertId,
                command.ContactId, NotificationChannel.Sms, command.EscalationStep, dispatch.FailureReason ?? "unknown"),
            _ => null,
        };
        return outcome is null
            ? Task.CompletedTask
            : context.Publish(outcome, outcome.GetType(), publish => publish.MessageId = dispatch.Id, context.CancellationToken);
    }
}
