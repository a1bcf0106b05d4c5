using MassTransit;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Calls;

/// <summary>Places one alert call, exactly once per (alert, recipient, step), and reports the outcome to the alert's timeline.</summary>
public sealed class DispatchCallConsumer(OnceOnlyCall calls, TwilioSettings settings, TimeProvider time) : IConsumer<DispatchCall>
{
    public async Task Consume(ConsumeContext<DispatchCall> context)
    {
        var command = context.Message;
        var dispatchId = CallDispatch.IdFor(command.AlertId, command.RecipientId, command.EscalationStep);
        var dispatch = await calls.PlaceAsync(dispatchId,
            async session =>
            {
                // Read at call time, like an SMS: someone removed a moment ago is not called.
                var (her, recipient) = await Recipients.LoadAsync(session, command.AssociationId, command.BeneficiaryId,
                    command.RecipientKind, command.RecipientId, context.CancellationToken);
                if (recipient is null)
                {
                    return null;
                }
                // Stored with the claim: the key press that may follow names who answered.
                session.Store(AlertRecipient.Reached(command.AlertId, command.AssociationId, command.BeneficiaryId, recipient,
                    command.Source, time.GetUtcNow()));
                var callback = AcknowledgingByVoice.CallbackUrlFor(settings, command.AlertId, recipient.Id, dispatchId);
                return new OutgoingCall(recipient.Phone, CallScript.For(command, her, recipient, callback), callback);
            }, context.CancellationToken, command);
        await DispatchOutcomes.PublishAsync(context, dispatch, command.AssociationId, command.AlertId, command.RecipientId,
            NotificationChannel.Voice, command.EscalationStep);
    }
}
