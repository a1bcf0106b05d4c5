using Marten;
using Twilio.Exceptions;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// Hands something to Twilio (an SMS, a call) at most once per dispatch id, across redeliveries and replicas: a claim is
/// written before Twilio is called, the outcome after. Twilio has no idempotency key, so this record is the only guard.
/// </summary>
/// <remarks>
/// An unknown outcome (the connection drops after Twilio may have accepted it) releases the claim and the retry sends
/// again: for an alert a second SMS or call is a lesser harm than none.
/// </remarks>
public sealed class OnceOnlyDispatch(IDocumentStore store, TimeProvider time, ILogger<OnceOnlyDispatch> logger)
{
    /// <param name="compose">
    /// What to send, or null when the recipient is no longer entitled to it (recorded as skipped). Documents it stores in
    /// the session are saved with the claim, so they exist before Twilio is called.
    /// </param>
    /// <param name="send">Hands it to Twilio and returns Twilio's sid.</param>
    /// <returns>The finished dispatch: sent, failed for good, or skipped; the same one on every later call.</returns>
    public async Task<Dispatch> RunAsync<TOutgoing>(Guid dispatchId, Func<IDocumentSession, Task<TOutgoing?>> compose,
        Func<TOutgoing, Task<string>> send, CancellationToken cancellationToken)
        where TOutgoing : class
    {
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<Dispatch>(dispatchId, cancellationToken);
        if (existing is { IsFinished: true })
        {
            return existing;
        }
        if (existing is not null && existing.IsClaimedBySomeoneElse(time.GetUtcNow()))
        {
            throw new DispatchInProgressException(dispatchId);
        }
        if (await compose(session) is not { } outgoing)
        {
            var skipped = await SaveAsync(session, existing, new Dispatch(dispatchId, DispatchStatus.Skipped, time.GetUtcNow()),
                cancellationToken);
            logger.LogInformation("Dispatch {DispatchId} skipped: its recipient is no longer entitled to it.", dispatchId);
            return skipped;
        }

        // Insert when new, update when reclaiming: optimistic concurrency lets only one replica win the claim.
        var claimed = await SaveAsync(session, existing, new Dispatch(dispatchId, DispatchStatus.Sending, time.GetUtcNow()),
            cancellationToken);
        Dispatch outcome;
        try
        {
            var sid = await send(outgoing);
            outcome = claimed with { Status = DispatchStatus.Sent, ProviderMessageId = sid, UpdatedAt = time.GetUtcNow() };
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            // Refused for good (invalid or blocked number): retrying cannot help. The exception's message holds the
            // number, so only its code is kept.
            outcome = claimed with { Status = DispatchStatus.Failed, FailureReason = $"twilio-{refused.Code}", UpdatedAt = time.GetUtcNow() };
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
        logger.LogInformation("Dispatch {DispatchId} {Status} ({ProviderMessageId}).", dispatchId, outcome.Status, outcome.ProviderMessageId);
        return outcome;
    }

    private static async Task<Dispatch> SaveAsync(IDocumentSession session, Dispatch? existing, Dispatch next,
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
