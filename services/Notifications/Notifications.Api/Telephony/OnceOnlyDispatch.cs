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
        var answer = await AskProviderAsync(claimed, outgoing, (message, _) => send(message), cancellationToken);
        if (answer.Transient is { } transient)
        {
            return await RetryLaterAsync(session, claimed, transient, answer.RetryAfter, cancellationToken);
        }
        var outcome = await RecordOutcomeAsync(session, answer.Outcome, cancellationToken);
        // Debug: a line per message is the alert path's own volume (five and more per alert), and the dispatch record and the
        // trace say the same. Failures and retries stay warnings.
        logger.LogDebug("Dispatch {DispatchId} {Status} ({ProviderMessageId}).", dispatchId, outcome.Status, outcome.ProviderMessageId);
        return outcome;
    }

    /// <summary>
    /// Sends a wave (an alert's first message to each of her contacts) with two commits in all instead of two per message:
    /// every claim in one transaction, the messages in parallel, every outcome in one transaction. Only for dispatches
    /// nobody has touched: when one of them has a record already (a redelivery, the same event published twice, a replica
    /// that died mid-wave) or another consumer claims one first, it returns null having sent nothing, and the caller runs
    /// each through <see cref="RunAsync"/>, which knows how to take over, wait or reconcile.
    /// </summary>
    /// <param name="compose">What to send for each dispatch, in the wave's order (null: no longer entitled, recorded as
    /// skipped). Documents it stores in the session are saved with the claims.</param>
    /// <returns>Each dispatch as it now stands, in the wave's order; null when the wave must go one by one.</returns>
    public async Task<IReadOnlyList<Dispatch>?> TryRunWaveAsync<TOutgoing>(IReadOnlyList<WaveDispatch> wave,
        Func<IDocumentSession, Task<IReadOnlyList<TOutgoing?>>> compose, Func<TOutgoing, Guid, Task<string>> send,
        CancellationToken cancellationToken)
        where TOutgoing : class
    {
        await using var session = store.LightweightSession();
        if ((await session.LoadManyAsync<Dispatch>(cancellationToken, wave.Select(dispatch => dispatch.Id))).Count > 0)
        {
            return null;
        }
        var outgoing = await compose(session);
        var now = time.GetUtcNow();
        var trace = System.Diagnostics.Activity.Current?.Id;
        var claims = wave.Select((dispatch, i) => outgoing[i] is null
                ? new Dispatch(dispatch.Id, DispatchStatus.Skipped, now, Command: dispatch.Command)
                : new Dispatch(dispatch.Id, DispatchStatus.Sending, now, Command: dispatch.Command, SentBy: replica.Name, ClaimedAt: now,
                    TraceParent: trace))
            .ToList();
        session.Insert(claims.ToArray());
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception raced) when (raced is JasperFx.DocumentAlreadyExistsException or JasperFx.ConcurrencyException)
        {
            // Another consumer claimed one of them a moment ago: nothing of this wave was written or sent.
            return null;
        }

        var answers = await Task.WhenAll(claims.Select((claim, i) => claim.Status == DispatchStatus.Sending
            ? AskProviderAsync(claim, outgoing[i]!, send, cancellationToken)
            : Task.FromResult(new ProviderAnswer(claim, null, null))));
        var outcomes = new List<(Dispatch Outcome, TimeSpan? RetryIn)>();
        foreach (var answer in answers)
        {
            if (answer.Transient is { } transient)
            {
                outcomes.Add(await PrepareRetryAsync(answer.Outcome, transient, answer.RetryAfter, cancellationToken));
            }
            else
            {
                outcomes.Add((answer.Outcome, null));
            }
        }
        foreach (var (outcome, retryIn) in outcomes.Where(o => o.Outcome.Status != DispatchStatus.Skipped))
        {
            session.Update(outcome);
            if (retryIn is { } delay)
            {
                session.ScheduleWakeUp(RetryKind, outcome.Id, outcome.UpdatedAt + delay);
            }
        }
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // A status callback was faster for one of them: record each on its own, merged into what the callbacks wrote.
            foreach (var (outcome, retryIn) in outcomes.Where(o => o.Outcome.Status != DispatchStatus.Skipped))
            {
                await MergeOutcomeAsync(outcome, retryIn, cancellationToken);
            }
        }
        foreach (var (outcome, _) in outcomes)
        {
            logger.LogDebug("Dispatch {DispatchId} {Status} ({ProviderMessageId}).", outcome.Id, outcome.Status, outcome.ProviderMessageId);
        }
        return [.. outcomes.Select(o => o.Outcome)];
    }

    private sealed record ProviderAnswer(Dispatch Outcome, Exception? Transient, TimeSpan? RetryAfter);

    /// <summary>One message handed to the provider: sent, refused for good, or a transient failure to retry.</summary>
    private async Task<ProviderAnswer> AskProviderAsync<TOutgoing>(Dispatch claimed, TOutgoing outgoing,
        Func<TOutgoing, Guid, Task<string>> send, CancellationToken cancellationToken)
    {
        // Each message listens in its own async flow: one message's Retry-After is not another's.
        var listener = RetryAfterCapture.Listen();
        try
        {
            var sid = await send(outgoing, claimed.Id);
            return new(claimed with { Status = DispatchStatus.Sent, ProviderMessageId = sid, UpdatedAt = time.GetUtcNow() }, null, null);
        }
        catch (ApiException refused) when (refused.Status is >= 400 and < 500 and not 429)
        {
            // Refused for good (invalid or blocked number): retrying cannot help. The exception's message holds the
            // number, so only its code is kept.
            return new(claimed with { Status = DispatchStatus.Failed, FailureReason = $"twilio-{refused.Code}", UpdatedAt = time.GetUtcNow() },
                null, null);
        }
        catch (Exception transient) when (!cancellationToken.IsCancellationRequested)
        {
            return new(claimed, transient, listener.RetryAfter);
        }
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
            return await MergeOutcomeAsync(outcome, null, cancellationToken);
        }
    }

    /// <summary>Writes what this consumer learnt over what the status callbacks wrote meanwhile (their status stays).</summary>
    /// <param name="retryIn">For a transient failure: when to try again, promised in the same transaction.</param>
    private async Task<Dispatch> MergeOutcomeAsync(Dispatch outcome, TimeSpan? retryIn, CancellationToken cancellationToken)
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
                Attempts = outcome.Attempts,
                FirstFailureAt = outcome.FirstFailureAt,
                OutageReported = outcome.OutageReported,
            };
            try
            {
                fresh.Update(merged);
                if (retryIn is { } delay)
                {
                    fresh.ScheduleWakeUp(RetryKind, outcome.Id, outcome.UpdatedAt + delay);
                }
                await fresh.SaveChangesAsync(cancellationToken);
                return merged;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
                // Another callback again: merge into that one.
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
        if (claimed.Command is null)
        {
            // Not an alert message: the bus's own retry takes it from here.
            session.Update(Retrying(claimed, transient));
            await session.SaveChangesAsync(cancellationToken);
            throw new DispatchTransientException(claimed.Id, transient);
        }
        var (retrying, delay) = await PrepareRetryAsync(claimed, transient, retryAfter, cancellationToken);
        session.Update(retrying);
        // The state and the promise to try again commit together: a crash here cannot drop the message.
        session.ScheduleWakeUp(RetryKind, claimed.Id, retrying.UpdatedAt + delay);
        await session.SaveChangesAsync(cancellationToken);
        return retrying;
    }

    /// <summary>
    /// The record of an alert message that failed transiently, and when to try again (exponential and jittered, or the
    /// provider's Retry-After); tells the alert's timeline once the provider has been unreachable for too long.
    /// </summary>
    private async Task<(Dispatch Retrying, TimeSpan Delay)> PrepareRetryAsync(Dispatch claimed, Exception transient, TimeSpan? retryAfter,
        CancellationToken cancellationToken)
    {
        var retrying = Retrying(claimed, transient);
        if (!retrying.OutageReported && retrying.UpdatedAt - retrying.FirstFailureAt >= settings.OutageNotice)
        {
            await ReportOutageAsync(retrying, cancellationToken);
            retrying = retrying with { OutageReported = true };
        }
        var delay = settings.RetryDelay(retrying.Attempts, retryAfter, Random.Shared.NextDouble());
        logger.LogWarning("Dispatch {DispatchId} failed ({Reason}, attempt {Attempts}); trying again in {Delay}.", claimed.Id,
            retrying.FailureReason, retrying.Attempts, delay);
        return (retrying, delay);
    }

    private Dispatch Retrying(Dispatch claimed, Exception transient)
    {
        var now = time.GetUtcNow();
        return claimed with
        {
            Status = DispatchStatus.Retrying,
            UpdatedAt = now,
            Attempts = claimed.Attempts + 1,
            FirstFailureAt = claimed.FirstFailureAt ?? now,
            FailureReason = transient is ApiException api ? $"twilio-http-{api.Status}" : transient.GetType().Name,
        };
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
