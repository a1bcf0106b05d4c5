using Marten;
using MassTransit;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Scheduling;
using Twilio.Exceptions;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// Hands something to Twilio (an SMS, a call) at most once per dispatch id, across redeliveries and replicas: a claim is
/// written before Twilio is called, the outcome after. Twilio has no idempotency key, so this record is the only guard.
/// </summary>
/// <remarks>
/// <para>Transient failures (429, 5xx, timeouts, connection errors) of alert dispatches are retried from PostgreSQL: the
/// record says "retrying" and a durable wake-up re-publishes the command after an exponential, jittered delay, or after
/// the Retry-After Twilio asked for. A 4xx that cannot succeed fails for good (the caller falls back to a call).</para>
/// <para>An unknown outcome (a replica killed while talking to Twilio) is reconciled before anything is sent again: the
/// next consumer asks Twilio for a message with the same recipient and body since the claim, and records it as sent if
/// Twilio has it. Where that cannot be asked (calls), it sends again: a second call is a lesser harm than none.</para>
/// </remarks>
public sealed class OnceOnlyDispatch(IDocumentStore store, TimeProvider time, TelephonySettings settings, IPublishEndpoint bus,
    ReplicaIdentity replica, ILogger<OnceOnlyDispatch> logger)
{
    public const string RetryKind = "dispatch-retry";

    /// <param name="compose">
    /// What to send, or null when the recipient is no longer entitled to it (recorded as skipped). Documents it stores in
    /// the session are saved with the claim, so they exist before Twilio is called.
    /// </param>
    /// <param name="send">Hands it to Twilio and returns Twilio's sid.</param>
    /// <param name="command">The alert command, for a durable retry and a fallback; null for other messages, whose
    /// transient failures are thrown for the bus's own retry.</param>
    /// <param name="findSent">Asks Twilio whether this very message already left since a time (its sid, or null).</param>
    /// <returns>The dispatch as it now stands: sent, failed for good, skipped, or retrying later.</returns>
    public async Task<Dispatch> RunAsync<TOutgoing>(Guid dispatchId, Func<IDocumentSession, Task<TOutgoing?>> compose,
        Func<TOutgoing, Task<string>> send, CancellationToken cancellationToken, DispatchCommand? command = null,
        Func<TOutgoing, DateTimeOffset, Task<string?>>? findSent = null)
        where TOutgoing : class
    {
        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        var existing = await session.LoadAsync<Dispatch>(dispatchId, cancellationToken);
        if (existing is { IsFinished: true })
        {
            return existing;
        }
        if (existing is not null && existing.IsClaimedBySomeoneElse(now, settings.ClaimLifetime))
        {
            if (command is null)
            {
                throw new DispatchInProgressException(dispatchId);
            }
            // The other consumer finishes it, or dies: look again when its claim runs out.
            session.ScheduleWakeUp(RetryKind, dispatchId, existing.UpdatedAt + settings.ClaimLifetime);
            await session.SaveChangesAsync(cancellationToken);
            return existing;
        }
        if (await compose(session) is not { } outgoing)
        {
            var skipped = await SaveAsync(session, existing, new Dispatch(dispatchId, DispatchStatus.Skipped, now, Command: command),
                cancellationToken);
            logger.LogInformation("Dispatch {DispatchId} skipped: its recipient is no longer entitled to it.", dispatchId);
            return skipped;
        }
        if (existing is not null && existing.IsAbandonedClaim(now, settings.ClaimLifetime) && findSent is not null
            && await FindSentAsync(findSent, outgoing, existing) is { } alreadySent)
        {
            var reconciled = existing with { Status = DispatchStatus.Sent, ProviderMessageId = alreadySent, UpdatedAt = now };
            session.Update(reconciled);
            await session.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Dispatch {DispatchId} had an unknown outcome; Twilio has it ({ProviderMessageId}): not sent again.",
                dispatchId, alreadySent);
            return reconciled;
        }

        // Insert when new, update when reclaiming: optimistic concurrency lets only one replica win the claim.
        var claimed = await SaveAsync(session, existing, (existing ?? new Dispatch(dispatchId, DispatchStatus.Sending, now)) with
        {
            Status = DispatchStatus.Sending,
            UpdatedAt = now,
            ClaimedAt = now,
            Command = command ?? existing?.Command,
            SentBy = replica.Name,
            TraceParent = existing?.TraceParent ?? System.Diagnostics.Activity.Current?.Id,
        }, cancellationToken);
        var listener = RetryAfterCapture.Listen();
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
        catch (Exception transient) when (!cancellationToken.IsCancellationRequested)
        {
            return await RetryLaterAsync(session, claimed, transient, listener.RetryAfter, cancellationToken);
        }
        outcome = await RecordOutcomeAsync(session, outcome, cancellationToken);
        logger.LogInformation("Dispatch {DispatchId} {Status} ({ProviderMessageId}).", dispatchId, outcome.Status, outcome.ProviderMessageId);
        return outcome;
    }

    /// <summary>
    /// Records the provider's answer. Twilio's status callbacks can arrive before it (a fast "delivered"): their write wins
    /// the race, and the answer is merged into what they recorded instead of overwriting it.
    /// </summary>
    private async Task<Dispatch> RecordOutcomeAsync(IDocumentSession session, Dispatch outcome, CancellationToken cancellationToken)
    {
        try
        {
            // The same session: it holds the version its claim wrote, which optimistic concurrency checks.
            session.Update(outcome);
            await session.SaveChangesAsync(cancellationToken);
            return outcome;
        }
        catch (JasperFx.ConcurrencyException)
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var fresh = store.LightweightSession();
                var latest = (await fresh.LoadAsync<Dispatch>(outcome.Id, cancellationToken))!;
                var merged = latest with
                {
                    Status = outcome.Status,
                    ProviderMessageId = outcome.ProviderMessageId,
                    FailureReason = outcome.FailureReason,
                    UpdatedAt = outcome.UpdatedAt,
                };
                try
                {
                    fresh.Update(merged);
                    await fresh.SaveChangesAsync(cancellationToken);
                    return merged;
                }
                catch (JasperFx.ConcurrencyException) when (attempt < 5)
                {
                    // Another callback again: merge into that one.
                }
            }
        }
    }

    private async Task<string?> FindSentAsync<TOutgoing>(Func<TOutgoing, DateTimeOffset, Task<string?>> findSent, TOutgoing outgoing,
        Dispatch abandoned)
    {
        try
        {
            return await findSent(outgoing, abandoned.ClaimedAt ?? abandoned.UpdatedAt - settings.ClaimLifetime);
        }
        catch (Exception unreachable) when (unreachable is ApiException or ApiConnectionException or HttpRequestException)
        {
            // Twilio cannot tell us now: sending again is the lesser harm.
            logger.LogWarning("Dispatch {DispatchId} had an unknown outcome and Twilio could not be asked; sending again.", abandoned.Id);
            return null;
        }
    }

    private async Task<Dispatch> RetryLaterAsync(IDocumentSession session, Dispatch claimed, Exception transient, TimeSpan? retryAfter,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reason = transient is ApiException api ? $"twilio-http-{api.Status}" : transient.GetType().Name;
        var retrying = claimed with
        {
            Status = DispatchStatus.Retrying,
            UpdatedAt = now,
            Attempts = claimed.Attempts + 1,
            FirstFailureAt = claimed.FirstFailureAt ?? now,
            FailureReason = reason,
        };
        if (claimed.Command is null)
        {
            // Not an alert message: the bus's own retry takes it from here.
            session.Update(retrying);
            await session.SaveChangesAsync(cancellationToken);
            throw new DispatchTransientException(claimed.Id, transient);
        }
        if (!retrying.OutageReported && now - retrying.FirstFailureAt >= settings.OutageNotice)
        {
            await ReportOutageAsync(retrying, cancellationToken);
            retrying = retrying with { OutageReported = true };
        }
        var delay = settings.RetryDelay(retrying.Attempts, retryAfter, Random.Shared.NextDouble());
        session.Update(retrying);
        // The state and the promise to try again commit together: a crash here cannot drop the message.
        session.ScheduleWakeUp(RetryKind, claimed.Id, now + delay);
        await session.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Dispatch {DispatchId} failed ({Reason}, attempt {Attempts}); trying again in {Delay}.", claimed.Id, reason,
            retrying.Attempts, delay);
        return retrying;
    }

    /// <summary>The alert's timeline (and, through it, the association's other channels) learns the provider is unreachable.</summary>
    private Task ReportOutageAsync(Dispatch retrying, CancellationToken cancellationToken)
    {
        var (associationId, alertId, recipientId, step, channel) = retrying.Command switch
        {
            { Sms: { } sms } => (sms.AssociationId, sms.AlertId, sms.ContactId, sms.EscalationStep, NotificationChannel.Sms),
            { Call: { } call } => (call.AssociationId, call.AlertId, call.RecipientId, call.EscalationStep, NotificationChannel.Voice),
            _ => default,
        };
        var eventId = DeterministicIds.From("provider-unreachable", retrying.Id);
        logger.LogError("Twilio unreachable for {Since} for dispatch {DispatchId} of alert {AlertId}.", time.GetUtcNow() - retrying.FirstFailureAt,
            retrying.Id, alertId);
        return bus.Publish(new NotificationProviderUnreachable(eventId, time.GetUtcNow(), associationId, alertId, recipientId, channel, step,
            retrying.FirstFailureAt!.Value, retrying.Attempts), publish => publish.MessageId = eventId, cancellationToken);
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

public sealed class DispatchTransientException(Guid dispatchId, Exception inner)
    : Exception($"Dispatch {dispatchId} could not reach the provider; it is retried.", inner);

/// <summary>Which replica this is: the pod (host name), the process, and the host instance within it.</summary>
public sealed record ReplicaIdentity(string Name)
{
    public static ReplicaIdentity ForThisHost() =>
        new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");
}
