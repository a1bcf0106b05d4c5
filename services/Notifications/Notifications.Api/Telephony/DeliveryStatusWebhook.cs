using Marten;
using MassTransit;
using Platform.Notifications.Api.Calls;
using Platform.Notifications.Api.Sms;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Notifications.Api.Telephony;

/// <summary>
/// Where Twilio reports what became of an SMS (queued, sent, delivered, undelivered, failed). Statuses only move forward:
/// late, repeated and out-of-order callbacks are absorbed. Delivered joins the alert's timeline; undelivered or failed
/// does too, and the contact is called at once instead.
/// </summary>
public static class DeliveryStatusWebhook
{
    public const string Path = "/status";

    public static Uri CallbackUrlFor(TwilioSettings settings, Guid dispatchId) =>
        TwilioWebhooks.CallbackUrl(settings, $"{Path}?dispatch={dispatchId:D}");

    public static RouteGroupBuilder MapDeliveryStatusWebhook(this RouteGroupBuilder twilio)
    {
        twilio.MapPost(Path, HandleAsync);
        return twilio;
    }

    /// <summary>How far along a message is; the three outcomes share the last rank, so the first one reported stands.</summary>
    public static int Rank(string? status) => status switch
    {
        "accepted" or "scheduled" or "queued" => 1,
        "sending" => 2,
        "sent" => 3,
        "delivered" or "undelivered" or "failed" or "canceled" => 4,
        _ => 0,
    };

    public static bool MovesForward(string? current, string? next) => Rank(next) > Rank(current);

    public static bool IsUndelivered(string? status) => status is "undelivered" or "failed";

    private static async Task<IResult> HandleAsync(HttpRequest request, Guid? dispatch, IDocumentStore store, IPublishEndpoint bus,
        TimeProvider time, ILogger<DeliveryStatusRequest> logger, CancellationToken cancellationToken)
    {
        var fields = await TwilioWebhooks.ReadFieldsAsync(request, cancellationToken);
        var status = fields.GetValueOrDefault("MessageStatus") ?? fields.GetValueOrDefault("SmsStatus");
        if (dispatch is not { } dispatchId)
        {
            logger.LogWarning("Status callback without a dispatch id ({Status}); ignored.", status);
            return TypedResults.NoContent();
        }
        // Load, check, act, save; again on a concurrent write (the dispatch's own outcome, another callback), so a status is
        // never lost to a race and never moves backwards.
        var effectsPublished = false;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            await AdvisoryLocks.LockForTransactionAsync(session, dispatchId, cancellationToken);
            var record = await session.LoadAsync<Dispatch>(dispatchId, cancellationToken);
            if (record is null || !MovesForward(record.ProviderStatus, status))
            {
                // Unknown, late, repeated or out of order: nothing moves back.
                return TypedResults.NoContent();
            }
            // Effects first, then the status: a crash in between repeats the effects (their ids are fixed, consumers
            // de-duplicate), never loses them.
            // A save lost to the dispatcher's own write comes round again: what this callback published stays published.
            if (record.Command?.Sms is { } sms && !effectsPublished)
            {
                effectsPublished = true;
                await PublishEffectsAsync(bus, record, sms, status!, fields.GetValueOrDefault("ErrorCode"), time.GetUtcNow(), cancellationToken);
            }
            try
            {
                session.Update(record with { ProviderStatus = status });
                await session.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 5)
            {
            }
        }
        logger.LogInformation("SMS {DispatchId} is {Status}.", dispatchId, status);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// One callback of a message at a time, across replicas, until its transaction ends: Twilio sends the same status twice
    /// at once, and both would publish its effects before either saved it.
    /// </summary>
    private static async Task PublishEffectsAsync(IPublishEndpoint bus, Dispatch record, DispatchSms sms, string status, string? errorCode,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status == "delivered")
        {
            var id = DeterministicIds.From(record.Id, "delivered");
            await bus.Publish(new NotificationDelivered(id, now, sms.AssociationId, sms.AlertId, sms.ContactId, NotificationChannel.Sms,
                sms.EscalationStep), publish => publish.MessageId = id, cancellationToken);
        }
        else if (IsUndelivered(status))
        {
            var id = DeterministicIds.From(record.Id, "undelivered");
            await bus.Publish(new NotificationFailed(id, now, sms.AssociationId, sms.AlertId, sms.ContactId, NotificationChannel.Sms,
                sms.EscalationStep, $"{status}-{errorCode ?? "unknown"}"), publish => publish.MessageId = id, cancellationToken);
            await Fallback.CallInsteadAsync(bus, sms, cancellationToken);
        }
    }

    /// <summary>Names the webhook's log category.</summary>
    public sealed class DeliveryStatusRequest;
}

/// <summary>When an SMS cannot reach someone, the next channel is a call.</summary>
public static class Fallback
{
    /// <summary>
    /// The call of the same step for the same person: if the step already called them, its once-only record makes this a
    /// no-op. A discreet "call me with an excuse" never becomes a call from the platform.
    /// </summary>
    public static Task CallInsteadAsync(IPublishEndpoint bus, DispatchSms sms, CancellationToken cancellationToken) =>
        sms.Response != Platform.Alerts.Contracts.AlertResponse.FullAlert
            ? Task.CompletedTask
            : bus.Publish(new DispatchCall(sms.AlertId, sms.AssociationId, sms.BeneficiaryId, sms.ContactId, sms.RecipientKind,
                sms.EscalationStep, sms.Location, sms.Priority, sms.Source), cancellationToken);
}
