using Marten;
using MassTransit;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Contracts;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Platform.Notifications.Api.Sms;

/// <summary>Sends one alert SMS through Twilio, exactly once per (alert, contact, step), and reports the outcome.</summary>
public sealed class DispatchSmsConsumer(IDocumentStore store, ITwilioRestClient twilio, TwilioSettings settings, TimeProvider time,
    ILogger<DispatchSmsConsumer> logger) : IConsumer<DispatchSms>
{
    public async Task Consume(ConsumeContext<DispatchSms> context)
    {
        var command = context.Message;
        var id = SmsDispatch.IdFor(command.AlertId, command.ContactId, command.EscalationStep);
        await using var session = store.LightweightSession();
        var dispatch = await session.LoadAsync<SmsDispatch>(id, context.CancellationToken);
        if (dispatch is { Status: SmsDispatchStatus.Sent or SmsDispatchStatus.Failed })
        {
            // Already done: repeat the outcome (its id is fixed, so alerts records it once) in case the first publish was lost.
            await PublishOutcomeAsync(context, dispatch);
            return;
        }
        if (dispatch is { Status: SmsDispatchStatus.Skipped })
        {
            return;
        }
        if (dispatch is not null && dispatch.IsClaimedBySomeoneElse(time.GetUtcNow()))
        {
            throw new SmsDispatchInProgressException(id);
        }

        var beneficiary = await session.LoadAsync<ContactsCopy>(command.BeneficiaryId, context.CancellationToken);
        var contact = beneficiary?.Contacts.FirstOrDefault(c => c.ContactId == command.ContactId);
        if (beneficiary is null || contact is null)
        {
            await SaveAsync(session, dispatch, Record(command, id, SmsDispatchStatus.Skipped), context.CancellationToken);
            logger.LogInformation("SMS {DispatchId} skipped: the contact is no longer on her list.", id);
            return;
        }

        // The claim is written before Twilio is called: a second replica holding the same message backs off.
        var claimed = await SaveAsync(session, dispatch, Record(command, id, SmsDispatchStatus.Sending), context.CancellationToken);
        SmsDispatch outcome;
        try
        {
            var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(contact.Phone))
            {
                From = new PhoneNumber(settings.FromNumber),
                Body = AlertSms.Compose(beneficiary, contact, command.Location),
            }, twilio);
            outcome = claimed with { Status = SmsDispatchStatus.Sent, ProviderMessageId = message.Sid, UpdatedAt = time.GetUtcNow() };
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            // Twilio refused this message for good (bad number, blocked destination): retrying cannot help.
            outcome = claimed with
            {
                Status = SmsDispatchStatus.Failed,
                FailureReason = $"twilio-{refused.Code}",
                UpdatedAt = time.GetUtcNow(),
            };
        }
        catch
        {
            // Transient (network, 5xx, 429): release the claim so the retry can send at once.
            session.Update(claimed with { UpdatedAt = DateTimeOffset.MinValue });
            await session.SaveChangesAsync(context.CancellationToken);
            throw;
        }
        // The same session: it holds the version its claim wrote, which optimistic concurrency checks.
        session.Update(outcome);
        await session.SaveChangesAsync(context.CancellationToken);
        logger.LogInformation("SMS {DispatchId} {Status} ({ProviderMessageId}).", id, outcome.Status, outcome.ProviderMessageId);
        await PublishOutcomeAsync(context, outcome);
    }

    private SmsDispatch Record(DispatchSms command, Guid id, SmsDispatchStatus status) =>
        new(id, command.AlertId, command.ContactId, command.EscalationStep, status, time.GetUtcNow());

    private static async Task<SmsDispatch> SaveAsync(IDocumentSession session, SmsDispatch? existing, SmsDispatch next,
        CancellationToken cancellationToken)
    {
        // Insert when new, update when reclaiming: either way optimistic concurrency lets only one replica win.
        if (existing is null)
        {
            session.Insert(next);
        }
        else
        {
            session.Update(next);
        }
        await session.SaveChangesAsync(cancellationToken);
        return next;
    }

    private static Task PublishOutcomeAsync(ConsumeContext<DispatchSms> context, SmsDispatch dispatch)
    {
        var command = context.Message;
        object outcome = dispatch.Status == SmsDispatchStatus.Sent
            ? new NotificationDispatched(dispatch.Id, dispatch.UpdatedAt, command.AssociationId, dispatch.AlertId, dispatch.ContactId,
                NotificationChannel.Sms, dispatch.EscalationStep, dispatch.ProviderMessageId!)
            : new NotificationFailed(dispatch.Id, dispatch.UpdatedAt, command.AssociationId, dispatch.AlertId, dispatch.ContactId,
                NotificationChannel.Sms, dispatch.EscalationStep, dispatch.FailureReason ?? "unknown");
        return context.Publish(outcome, outcome.GetType(), publish => publish.MessageId = dispatch.Id, context.CancellationToken);
    }
}

public sealed class SmsDispatchInProgressException(Guid dispatchId)
    : Exception($"SMS {dispatchId} is being sent by another consumer.");
