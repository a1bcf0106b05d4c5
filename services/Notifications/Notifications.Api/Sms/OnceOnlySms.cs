using Marten;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Platform.Notifications.Api.Sms;

/// <summary>What to send, decided at send time (so a contact removed a moment ago receives nothing).</summary>
public sealed record OutgoingSms(string To, string Body);

/// <summary>
/// Sends an SMS through Twilio at most once per dispatch id, across redeliveries and replicas: a claim is written before
/// Twilio is called, the outcome after. Twilio has no idempotency key, so this record is the only guard.
/// </summary>
public sealed class OnceOnlySms(IDocumentStore store, ITwilioRestClient twilio, TwilioSettings settings, TimeProvider time,
    ILogger<OnceOnlySms> logger)
{
    /// <param name="compose">The message, or null when the recipient is no longer entitled to it (recorded as skipped).</param>
    /// <returns>The finished dispatch: sent, failed for good, or skipped; the same one on every later call.</returns>
    public async Task<SmsDispatch> SendAsync(Guid dispatchId, Func<IQuerySession, Task<OutgoingSms?>> compose,
        CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<SmsDispatch>(dispatchId, cancellationToken);
        if (existing is { IsFinished: true })
        {
            return existing;
        }
        if (existing is not null && existing.IsClaimedBySomeoneElse(time.GetUtcNow()))
        {
            throw new SmsDispatchInProgressException(dispatchId);
        }
        if (await compose(session) is not { } sms)
        {
            var skipped = await SaveAsync(session, existing, new SmsDispatch(dispatchId, SmsDispatchStatus.Skipped, time.GetUtcNow()),
                cancellationToken);
            logger.LogInformation("SMS {DispatchId} skipped: its recipient is no longer entitled to it.", dispatchId);
            return skipped;
        }

        // Insert when new, update when reclaiming: optimistic concurrency lets only one replica win the claim.
        var claimed = await SaveAsync(session, existing, new SmsDispatch(dispatchId, SmsDispatchStatus.Sending, time.GetUtcNow()),
            cancellationToken);
        SmsDispatch outcome;
        try
        {
            var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(sms.To))
            {
                From = new PhoneNumber(settings.FromNumber),
                Body = sms.Body,
            }, twilio);
            outcome = claimed with { Status = SmsDispatchStatus.Sent, ProviderMessageId = message.Sid, UpdatedAt = time.GetUtcNow() };
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            // Refused for good (invalid or blocked number): retrying cannot help. The exception's message holds the
            // number, so only its code is kept.
            outcome = claimed with { Status = SmsDispatchStatus.Failed, FailureReason = $"twilio-{refused.Code}", UpdatedAt = time.GetUtcNow() };
        }
        catch
        {
            // Transient (network, 5xx, 429): release the claim so the retry can send at once.
            session.Update(claimed with { UpdatedAt = DateTimeOffset.MinValue });
            await session.SaveChangesAsync(cancellationToken);
            throw;
        }
        // The same session: it holds the version its claim wrote, which optimistic concurrency checks.
        session.Update(outcome);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogInformation("SMS {DispatchId} {Status} ({ProviderMessageId}).", dispatchId, outcome.Status, outcome.ProviderMessageId);
        return outcome;
    }

    private static async Task<SmsDispatch> SaveAsync(IDocumentSession session, SmsDispatch? existing, SmsDispatch next,
        CancellationToken cancellationToken)
    {
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
}

public sealed class SmsDispatchInProgressException(Guid dispatchId)
    : Exception($"SMS {dispatchId} is being sent by another consumer.");
