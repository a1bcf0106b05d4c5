using Marten;
using MassTransit;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults.Scheduling;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using AlertEvents = Platform.Alerts.Contracts;
using ContactEvents = Platform.Contacts.Contracts;
using DeviceEvents = Platform.Devices.Contracts;
using EvidenceEvents = Platform.Evidence.Contracts;
using IdentityEvents = Platform.Identity.Contracts;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// Turns an event into one durable message per endpoint of its association that asked for its type, each with its first
/// attempt due at once (a wake-up in the same transaction). Only the event's own association's endpoints are read.
/// </summary>
public sealed class WebhookOutbox(IDocumentStore store, IOptions<WebhookSettings> settings, TimeProvider time)
{
    public async Task EnqueueAsync(WebhookEvent e, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var endpoints = (await session.Query<WebhookEndpoint>().Where(endpoint => endpoint.AssociationId == e.AssociationId && endpoint.Enabled)
            .ToListAsync(cancellationToken)).Where(endpoint => endpoint.Receives(e.Type)).ToList();
        if (endpoints.Count == 0)
        {
            return;
        }
        var ids = endpoints.Select(endpoint => WebhookMessage.IdFor(e.EventId, endpoint.Id)).ToList();
        // A redelivered event finds its messages already queued.
        var queued = (await session.LoadManyAsync<WebhookMessage>(cancellationToken, ids)).Select(message => message.Id).ToHashSet();
        var now = time.GetUtcNow();
        var body = e.Body();
        foreach (var endpoint in endpoints.Where(endpoint => !queued.Contains(WebhookMessage.IdFor(e.EventId, endpoint.Id))))
        {
            if (e.Data is AlertLocationUpdatedData location && !await LocationDueAsync(session, location.AlertId, endpoint.Id, now, cancellationToken))
            {
                continue;
            }
            var id = WebhookMessage.IdFor(e.EventId, endpoint.Id);
            var message = new WebhookMessage(id, endpoint.Id, e.AssociationId, e.Type, e.EventId, body, WebhookMessageStatus.Pending, now, [],
                NextAttemptAt: now);
            if (endpoint.FailingSince is not null)
            {
                // Failing: it waits for the endpoint's probe instead of trying (and holding a sender) on its own.
                session.Insert(HoldingForAFailingEndpoint.Hold(session, message, now, failing: true));
                continue;
            }
            session.Insert(message);
            session.ScheduleWakeUp(WebhookDelivery.AttemptKind, id, now);
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A position goes out at most once per interval per alert and endpoint; the next one after it carries the latest.</summary>
    private async Task<bool> LocationDueAsync(IDocumentSession session, Guid alertId, Guid endpointId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var id = WebhookLocationThrottle.IdFor(alertId, endpointId);
        if (await session.LoadAsync<WebhookLocationThrottle>(id, cancellationToken) is { } last
            && now - last.LastSentAt < settings.Value.LocationUpdateInterval)
        {
            return false;
        }
        session.Store(new WebhookLocationThrottle(id, now));
        return true;
    }
}

/// <summary>
/// What associations' endpoints hear about. A queue of its own: a backlog of webhooks never sits in front of an alert SMS.
/// </summary>
public sealed class WebhookEventsConsumer(WebhookOutbox outbox)
    : IConsumer<AlertEvents.AlertTriggered>, IConsumer<AlertEvents.AlertLocationUpdated>, IConsumer<AlertEvents.AlertAcknowledged>,
        IConsumer<AlertEvents.AlertEscalated>, IConsumer<AlertEvents.AlertUnanswered>, IConsumer<AlertEvents.AlertDuressRaised>, IConsumer<AlertEvents.BeneficiaryDuressRaised>,
        IConsumer<AlertEvents.AlertCancelled>,
        IConsumer<AlertEvents.AlertResolved>, IConsumer<DeviceEvents.DeviceBatteryLow>, IConsumer<DeviceEvents.DeviceWentSilent>, IConsumer<DeviceEvents.DeviceLinkLost>,
        IConsumer<ContactEvents.ContactConsentChanged>, IConsumer<ContactEvents.HerProtectionChanged>, IConsumer<ContactEvents.RosterGapAhead>, IConsumer<Platform.Notifications.Contracts.NotificationProviderUnreachable>,
        IConsumer<EvidenceEvents.EvidenceSealed>, IConsumer<EvidenceEvents.EvidenceErasureRequested>,
        IConsumer<IdentityEvents.AppSessionsRevoked>
{
    public Task Consume(ConsumeContext<AlertEvents.AlertTriggered> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertLocationUpdated> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertAcknowledged> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertEscalated> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    /// <summary>Her association's systems hear first that the region's fallback had to take her alert.</summary>
    public Task Consume(ConsumeContext<AlertEvents.AlertUnanswered> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertDuressRaised> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.BeneficiaryDuressRaised> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertCancelled> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<AlertEvents.AlertResolved> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<DeviceEvents.DeviceBatteryLow> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<DeviceEvents.DeviceWentSilent> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<DeviceEvents.DeviceLinkLost> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<IdentityEvents.AppSessionsRevoked> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<ContactEvents.ContactConsentChanged> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<ContactEvents.HerProtectionChanged> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<ContactEvents.RosterGapAhead> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    /// <summary>The association is told through its own systems that Twilio fails one of its alerts (the timeline says so too).</summary>
    public Task Consume(ConsumeContext<Platform.Notifications.Contracts.NotificationProviderUnreachable> context) =>
        Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<EvidenceEvents.EvidenceSealed> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    public Task Consume(ConsumeContext<EvidenceEvents.EvidenceErasureRequested> context) => Enqueue(context, WebhookPayloads.From(context.Message));

    private Task Enqueue(ConsumeContext context, WebhookEvent e) => outbox.EnqueueAsync(e, context.CancellationToken);
}

/// <summary>Attempt one webhook message now (private to this service; published so only its own queue is bound).</summary>
public sealed record DeliverWebhook(Guid MessageId);

/// <summary>
/// A message's attempt is due: it goes to the delivery queue, whose consumers may wait up to 15 s on a receiver. The
/// wake-up pump itself never waits on one (it also fires the SMS retries).
/// </summary>
public sealed class WebhookAttemptWakeUp(IPublishEndpoint bus) : IWakeUpHandler
{
    public string Kind => WebhookDelivery.AttemptKind;

    public Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken) =>
        bus.Publish(new DeliverWebhook(wakeUp.SubjectId), cancellationToken);
}

/// <summary>How many attempts are in flight per endpoint in this replica.</summary>
public sealed class EndpointLanes(IOptions<WebhookSettings> settings)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _lanes = new();

    /// <returns>A lease to dispose after the attempt, or null when the endpoint already has its share of senders.</returns>
    public IDisposable? TryEnter(Guid endpointId)
    {
        var lane = _lanes.GetOrAdd(endpointId, _ => new SemaphoreSlim(settings.Value.ConcurrentAttemptsPerEndpoint));
        return lane.Wait(0) ? new Lease(lane) : null;
    }

    private sealed class Lease(SemaphoreSlim lane) : IDisposable
    {
        public void Dispose() => lane.Release();
    }
}

public sealed class DeliverWebhookConsumer(WebhookDelivery delivery) : IConsumer<DeliverWebhook>
{
    public Task Consume(ConsumeContext<DeliverWebhook> context) => delivery.AttemptAsync(context.Message.MessageId, context.CancellationToken);
}

public sealed class DeliverWebhookConsumerDefinition : ConsumerDefinition<DeliverWebhookConsumer>
{
    public DeliverWebhookConsumerDefinition(IOptions<WebhookSettings> settings)
    {
        // Receivers can take 15 s each: many attempts wait at once, on their own queue, far from the SMS path.
        ConcurrentMessageLimit = settings.Value.ConcurrentAttempts;
    }
}

/// <summary>
/// One attempt of one message: signed with every secret of the endpoint still valid, posted, its answer logged, and the
/// next attempt scheduled on the Standard Webhooks schedule (or Retry-After), or the message closed.
/// </summary>
public sealed class WebhookDelivery(IDocumentStore store, IHttpClientFactory http, WebhookSecretVault vault, EndpointLanes lanes,
    IPublishEndpoint bus, IOptions<WebhookSettings> settings, TimeProvider time, ILogger<WebhookDelivery> logger)
{
    public const string AttemptKind = "webhook-attempt";
    public const string HttpClientName = "webhooks";


    public async Task AttemptAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<WebhookMessage>(messageId, cancellationToken) is not { Status: WebhookMessageStatus.Pending } message
            || HoldingForAFailingEndpoint.IsHeld(message))
        {
            return;
        }
        var now = time.GetUtcNow();
        var endpoint = await session.LoadAsync<WebhookEndpoint>(message.EndpointId, cancellationToken);
        if (endpoint is not { Enabled: true })
        {
            // Disabled (or deleted) since: kept as failed, for a replay once it is enabled again.
            session.Update(message with { Status = WebhookMessageStatus.Failed, NextAttemptAt = null });
            await session.SaveChangesAsync(cancellationToken);
            return;
        }
        using var lease = lanes.TryEnter(endpoint.Id);
        if (lease is null)
        {
            // A slow endpoint keeps at most its share of this replica's senders, the others serve other endpoints: this
            // message waits until one of its attempts finishes (or, failing, for its probe) instead of coming back to look.
            session.Update(HoldingForAFailingEndpoint.Hold(session, message, now, failing: endpoint.FailingSince is not null));
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        var (attempt, outcome, retryAfter) = await PostAsync(endpoint, message, cancellationToken);
        var attempts = message.AttemptsThisRound + 1;
        var delay = WebhookRetrySchedule.DelayAfter(attempts, outcome, retryAfter, Random.Shared.NextDouble());
        var after = time.GetUtcNow();
        var next = message with
        {
            Attempts = [.. message.Attempts, attempt],
            AttemptsThisRound = attempts,
            Status = outcome == WebhookAttemptOutcome.Delivered ? WebhookMessageStatus.Delivered
                : delay is null ? WebhookMessageStatus.Failed : WebhookMessageStatus.Pending,
            NextAttemptAt = delay is { } wait ? after + wait : null,
        };
        session.Update(next);
        if (delay is { } retryIn)
        {
            session.ScheduleWakeUp(AttemptKind, message.Id, after + retryIn);
        }
        // The attempt's record alone in its transaction: a conflict on anything else must not undo it (the retry would send
        // the message again).
        await session.SaveChangesAsync(cancellationToken);
        if (outcome == WebhookAttemptOutcome.Delivered)
        {
            await ReleaseNextAsync(endpoint.Id, after, cancellationToken);
        }
        logger.LogInformation("Webhook {WebhookId} to endpoint {EndpointId}: attempt {Attempt} {Outcome} ({StatusCode}).", message.WebhookId,
            endpoint.Id, attempts, outcome, attempt.StatusCode);
        await RecordEndpointHealthAsync(endpoint.Id, outcome, after, cancellationToken);
    }

    /// <summary>It answers: the oldest message waiting for a sender takes the one this attempt frees.</summary>
    private async Task ReleaseNextAsync(Guid endpointId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        await HoldingForAFailingEndpoint.ReleaseOldestAsync(session, endpointId, 1, now, cancellationToken);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (JasperFx.ConcurrencyException)
        {
            // Another finished attempt released it first.
        }
    }

    private async Task<(WebhookAttempt Attempt, WebhookAttemptOutcome Outcome, TimeSpan? RetryAfter)> PostAsync(WebhookEndpoint endpoint,
        WebhookMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var at = time.GetUtcNow();
        var body = Encoding.UTF8.GetBytes(message.Payload);
        // The receiver checks webhook-timestamp against its own clock (replay protection): the wall clock, always.
        var headers = WebhookSignature.Headers(message.WebhookId, DateTimeOffset.UtcNow, body,
            endpoint.SigningSecrets(at).Select(secret => vault.Reveal(endpoint.Id, secret)));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        headers.ApplyTo(request.Headers);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WebhookRetrySchedule.AttemptTimeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answer = await ReadStartAsync(response, timeout.Token);
            var outcome = WebhookRetrySchedule.Classify(response.StatusCode, timedOut: false);
            return (new WebhookAttempt(at, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer), outcome,
                WebhookRetrySchedule.RetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow));
        }
        catch (Exception failed) when (!cancellationToken.IsCancellationRequested
                                        && failed is HttpRequestException or OperationCanceledException or IOException)
        {
            // Refused by the address guard, unreachable, or no answer within 15 s: a failed attempt, retried on the schedule.
            var reason = WebhookAddressRefusedException.FoundIn(failed) is { } refused ? $"refused: {refused.Message}"
                : failed is OperationCanceledException ? $"no answer within {WebhookRetrySchedule.AttemptTimeout.TotalSeconds:0} s"
                : "could not connect";
            return (new WebhookAttempt(at, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, reason),
                WebhookRetrySchedule.Classify(null, timedOut: failed is OperationCanceledException), null);
        }
    }

    /// <summary>The start of the receiver's answer, for the delivery log; never more than the configured bytes are read.</summary>
    private async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[settings.Value.ResponseBytesKept];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is > 0 and var n)
        {
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// A success clears the endpoint's failing period; a failure starts it, and one that lasted too long, or a 410 Gone,
    /// disables the endpoint. Read again on a concurrent write (another attempt, its admin).
    /// </summary>
    private async Task RecordEndpointHealthAsync(Guid endpointId, WebhookAttemptOutcome outcome, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            if (await session.LoadAsync<WebhookEndpoint>(endpointId, cancellationToken) is not { Enabled: true } endpoint
                || endpoint.EnabledAgainAt > now)
            {
                // Disabled, or enabled again by its admin after this attempt: an older failure (a 410 recorded late) must
                // not undo the admin's decision and drop the replay the admin asked for next.
                return;
            }
            if (outcome == WebhookAttemptOutcome.Delivered && endpoint.FailingSince is not null)
            {
                // It answers again: whatever waited for it goes now.
                await HoldingForAFailingEndpoint.ReleaseAllAsync(session, endpoint.Id, now, cancellationToken);
            }
            var next = outcome switch
            {
                WebhookAttemptOutcome.Delivered => endpoint with { FailingSince = null },
                WebhookAttemptOutcome.Gone => endpoint.Disabled(WebhookEndpoint.Gone, now),
                _ when endpoint.FailingSince is { } since && now - since >= settings.Value.DisableAfterFailingFor =>
                    endpoint.Disabled(WebhookEndpoint.FailingTooLong, now),
                _ => endpoint with { FailingSince = endpoint.FailingSince ?? now },
            };
            if (next == endpoint)
            {
                return;
            }
            if (!next.Enabled)
            {
                // Told before it is saved: a crash in between tells them twice (one SMS each: its id is fixed), never not at all.
                await bus.Publish(new WebhookEndpointDisabled(endpoint.Id, endpoint.AssociationId, endpoint.Description, next.DisabledReason!, now),
                    cancellationToken);
            }
            session.Update(next);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                if (!next.Enabled)
                {
                    logger.LogWarning("Webhook endpoint {EndpointId} of association {AssociationId} disabled: {Reason}.", endpointId,
                        endpoint.AssociationId, next.DisabledReason);
                }
                return;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
            }
        }
    }
}

public static class WebhookSetup
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WebhookSettings>(builder.Configuration.GetSection(WebhookSettings.Section));
        builder.Services.AddSingleton(sp => new WebhookAddressGuard(sp.GetRequiredService<IOptions<WebhookSettings>>().Value.AllowedHosts,
            sp.GetService<ResolveHost>()));
        builder.Services.AddSingleton<WebhookSecretVault>().AddSingleton<EndpointLanes>()
            .AddScoped<WebhookOutbox>().AddScoped<WebhookDelivery>();
        builder.Services.AddWakeUpHandler<WebhookAttemptWakeUp>().AddWakeUpHandler<WebhookProbeWakeUp>();
        builder.Services.AddHttpClient(WebhookDelivery.HttpClientName, client =>
            {
                // Our own limit (15 s) applies per attempt; the client's must not cut it shorter.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("AlertPlatform-Webhooks/1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookAddressGuard>().CreateHandler());
        return builder;
    }

    public static IBusRegistrationConfigurator AddWebhookConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<WebhookEventsConsumer>();
        bus.AddConsumer<DeliverWebhookConsumer, DeliverWebhookConsumerDefinition>();
        bus.AddConsumer<WebhookEndpointDisabledConsumer>();
        return bus;
    }
}
