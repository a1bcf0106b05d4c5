using MassTransit;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Telephony;

/// <summary>Reports a finished alert dispatch to the alert's timeline.</summary>
public static class DispatchOutcomes
{
    /// <summary>
    /// Published again on a repeat (its id is fixed, so alerts records it once) in case the first publish was lost. A
    /// skipped dispatch publishes nothing: nobody was reached.
    /// </summary>
    /// <param name="recipientId">The contact's id, or the on-call operator's.</param>
    public static Task PublishAsync(ConsumeContext context, Dispatch dispatch, Guid associationId, Guid alertId, Guid recipientId,
        NotificationChannel channel, int escalationStep)
    {
        object? outcome = dispatch.Status switch
        {
            DispatchStatus.Sent => new NotificationDispatched(dispatch.Id, dispatch.UpdatedAt, associationId, alertId, recipientId, channel,
                escalationStep, dispatch.ProviderMessageId!),
            DispatchStatus.Failed => new NotificationFailed(dispatch.Id, dispatch.UpdatedAt, associationId, alertId, recipientId, channel,
                escalationStep, dispatch.FailureReason ?? "unknown"),
            _ => null,
        };
        return outcome is null
            ? Task.CompletedTask
            : context.Publish(outcome, outcome.GetType(), publish => publish.MessageId = dispatch.Id, context.CancellationToken);
    }
}
