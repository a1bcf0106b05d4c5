using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Following;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Sms;

/// <summary>Sends one alert SMS, exactly once per (alert, recipient, step), and reports the outcome to the alert's timeline.</summary>
public sealed class DispatchSmsConsumer(OnceOnlySms sms, AlertPageLinks pages, TimeProvider time) : IConsumer<DispatchSms>
{
    public async Task Consume(ConsumeContext<DispatchSms> context)
    {
        var command = context.Message;
        var dispatch = await sms.SendAsync(SmsDispatch.IdFor(command.AlertId, command.ContactId, command.EscalationStep),
            async session =>
            {
                // Read her contacts (and the roster) now, not when the alert was planned: someone removed (or no longer
                // confirmed) a moment ago receives nothing. The abuser can be on the list.
                var (her, recipient) = await Recipients.LoadAsync(session, command.AssociationId, command.BeneficiaryId,
                    command.RecipientKind, command.ContactId, context.CancellationToken);
                if (recipient is null)
                {
                    return null;
                }
                // An excuse is not an alert: nothing to acknowledge, and it must not make this number's next "OK" ambiguous.
                if (command.Response == AlertResponse.FullAlert)
                {
                    session.Store(AlertRecipient.Reached(command.AlertId, command.AssociationId, command.BeneficiaryId, recipient,
                        command.Source, time.GetUtcNow()));
                }
                // Her contacts get the link to her alert page (saved with the claim); operators and an excuse carry none.
                var pageLink = command.Response == AlertResponse.FullAlert && recipient.Kind == ResponderKind.Contact
                    ? await pages.ForAsync(session, command, context.CancellationToken)
                    : null;
                return new OutgoingSms(recipient.Phone, AlertSms.For(command, her, recipient, pageLink));
            }, context.CancellationToken, command);
        await DispatchOutcomes.PublishAsync(context, dispatch, command.AssociationId, command.AlertId, command.ContactId,
            NotificationChannel.Sms, command.EscalationStep);
        if (dispatch.Status == DispatchStatus.Failed)
        {
            // Twilio refused the SMS for good (a landline, a blocked number): call instead, at once.
            await Fallback.CallInsteadAsync(context, command, context.CancellationToken);
        }
    }
}
