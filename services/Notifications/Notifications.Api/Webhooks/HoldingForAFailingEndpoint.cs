using Marten;
using Platform.ServiceDefaults.Scheduling;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>
/// While an endpoint is failing, or busy with its share of senders, its new messages wait in PostgreSQL instead of each
/// trying (and each holding a sender for up to 15 s, or coming back to look). A busy endpoint's waiting messages are
/// released as its attempts finish; a failing one is probed every few minutes with its oldest waiting message, and
/// everything that waited goes once it answers. Measured without this: a silent endpoint cost the alert path a broker
/// message and three commits per alert, every 15-30 s, for as long as it stayed silent.
/// </summary>
public static class HoldingForAFailingEndpoint
{
    public const string ProbeKind = "webhook-probe";

    /// <summary>How long between two probes of a failing endpoint (each also keeps its own retry schedule).</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long a message held behind a busy (not failing) endpoint waits at most, should nothing release it.</summary>
    public static readonly TimeSpan BusyProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>A message that waits: pending with no attempt due. A probe will be there to release it.</summary>
    /// <param name="failing">Failing: probed every few minutes. Only busy: the next finished attempt releases it.</param>
    public static WebhookMessage Hold(IDocumentSession session, WebhookMessage message, DateTimeOffset now, bool failing)
    {
        session.ScheduleWakeUpIfAbsent(ProbeKind, message.EndpointId, now + (failing ? ProbeInterval : BusyProbeInterval));
        return message with { Status = WebhookMessageStatus.Pending, NextAttemptAt = null };
    }

    /// <summary>
    /// An attempt to the endpoint was answered 2xx: the oldest waiting messages take the senders it frees, so a busy
    /// endpoint's backlog drains at its own pace, each message costing one hold and one release.
    /// </summary>
    public static async Task ReleaseOldestAsync(IDocumentSession session, Guid endpointId, int count, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var held = await Held(session, endpointId).Take(count).ToListAsync(cancellationToken);
        foreach (var message in held)
        {
            session.Update(message with { NextAttemptAt = now });
            session.ScheduleWakeUp(WebhookDelivery.AttemptKind, message.Id, now);
        }
    }

    private static IQueryable<WebhookMessage> Held(IQuerySession session, Guid endpointId) =>
        session.Query<WebhookMessage>()
            .Where(message => message.EndpointId == endpointId && message.Status == WebhookMessageStatus.Pending && message.NextAttemptAt == null)
            .OrderBy(message => message.CreatedAt);

    public static bool IsHeld(WebhookMessage message) => message is { Status: WebhookMessageStatus.Pending, NextAttemptAt: null };

    /// <summary>The endpoint answers again (or its admin enabled it): every waiting message is due, a little apart.</summary>
    public static async Task ReleaseAllAsync(IDocumentSession session, Guid endpointId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = await Held(session, endpointId).ToListAsync(cancellationToken);
        for (var i = 0; i < held.Count; i++)
        {
            // Ten a second: a receiver just back is not flooded with its whole backlog at once.
            var due = now + TimeSpan.FromMilliseconds(100 * i);
            session.Update(held[i] with { NextAttemptAt = due });
            session.ScheduleWakeUp(WebhookDelivery.AttemptKind, held[i].Id, due);
        }
        session.CancelWakeUp(ProbeKind, endpointId);
    }
}

/// <summary>A failing endpoint's probe is due: its oldest waiting message is tried now, and the next probe set.</summary>
public sealed class WebhookProbeWakeUp(IDocumentStore store, TimeProvider time) : IWakeUpHandler
{
    public string Kind => HoldingForAFailingEndpoint.ProbeKind;

    public async Task HandleAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var now = time.GetUtcNow();
        var endpoint = await session.LoadAsync<WebhookEndpoint>(wakeUp.SubjectId, cancellationToken);
        if (endpoint is not { Enabled: true })
        {
            // Disabled: its messages wait for its admin (enabling it releases them).
            return;
        }
        var oldest = await session.Query<WebhookMessage>()
            .Where(message => message.EndpointId == endpoint.Id && message.Status == WebhookMessageStatus.Pending && message.NextAttemptAt == null)
            .OrderBy(message => message.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (oldest is null)
        {
            return;
        }
        if (endpoint.FailingSince is null)
        {
            // Only busy: a message held just after the last attempt finished has nobody to release it. The oldest take the
            // endpoint's senders; the probe looks again shortly while some still wait.
            await HoldingForAFailingEndpoint.ReleaseOldestAsync(session, endpoint.Id, 2, now, cancellationToken);
            session.ScheduleWakeUp(HoldingForAFailingEndpoint.ProbeKind, endpoint.Id, now + HoldingForAFailingEndpoint.BusyProbeInterval);
        }
        else
        {
            session.Update(oldest with { NextAttemptAt = now });
            session.ScheduleWakeUp(WebhookDelivery.AttemptKind, oldest.Id, now);
            // The wake-up being handled is deleted after this handler only if its due time did not move: this moves it.
            session.ScheduleWakeUp(HoldingForAFailingEndpoint.ProbeKind, endpoint.Id, now + HoldingForAFailingEndpoint.ProbeInterval);
        }
        await session.SaveChangesAsync(cancellationToken);
    }
}
