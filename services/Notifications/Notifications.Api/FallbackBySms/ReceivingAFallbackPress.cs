using Marten;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Contracts;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Api.FallbackBySms;

/// <summary>
/// Her texted press, recorded (one stream per SMS, named by its Twilio id) before Twilio is answered; the outbox hands it to
/// alerts. Twilio does not retry an inbound-SMS webhook: once answered, this row is all there is of her press.
/// </summary>
public sealed record FallbackPressRecorded(SmsFallbackPressReceived Press);

/// <summary>A fallback code that raised nothing, kept for the association and the SRE: why, when; never the number or the text.</summary>
public sealed record RefusedFallbackCode(Guid Id, string Reason, DateTimeOffset At);

/// <summary>
/// Her phone's SMS fallback: a valid code from her registered number is handed to alerts as a press (alerts de-duplicates it
/// against the same press by data). Anything else raises nothing and is recorded; the sender gets no answer either way, so
/// a phone in the wrong hands learns nothing.
/// </summary>
public static class ReceivingAFallbackPress
{
    public static async Task HandleAsync(string from, string messageSid, string? body, IDocumentSession session, TimeProvider time,
        ILogger logger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var id = DeterministicIds.From("sms-fallback", messageSid);
        var (press, refusal) = SmsFallbackCode.Parse(body, now);
        // Her registered number, and only hers: a number that is no beneficiary's (or several women's) raises nothing.
        var hers = press is null ? [] : await session.Query<ContactsCopy>().Where(copy => copy.BeneficiaryPhone == from)
            .Take(2).ToListAsync(cancellationToken);
        if (press is not null && hers.Count != 1)
        {
            refusal = hers.Count == 0 ? "foreign-number" : "number-of-several-beneficiaries";
        }
        if (refusal is not null)
        {
            session.Store(new RefusedFallbackCode(id, refusal, now));
            await session.SaveChangesAsync(cancellationToken);
            logger.LogWarning("SMS fallback code {MessageSid} refused: {Reason}.", messageSid, refusal);
            return;
        }
        var her = hers[0];
        // Caller ID can be spoofed: only her app's key makes the code hers, and each of its counters counts once.
        var key = await session.LoadAsync<FallbackKey>(her.Id, cancellationToken);
        refusal = key is null || key.AssociationId != her.AssociationId ? "no-key"
            : !SmsFallbackCode.IsSignedBy(press!, key.Key) ? "bad-mac"
            : await session.LoadAsync<UsedFallbackCounter>(UsedFallbackCounter.IdFor(her.Id, key.Version, press!.Counter), cancellationToken)
                is not null ? "replayed"
            : null;
        if (refusal is not null)
        {
            session.Store(new RefusedFallbackCode(id, refusal, now));
            await session.SaveChangesAsync(cancellationToken);
            logger.LogWarning("SMS fallback code {MessageSid} refused: {Reason}.", messageSid, refusal);
            return;
        }
        session.Insert(new UsedFallbackCounter(UsedFallbackCounter.IdFor(her.Id, key!.Version, press!.Counter), her.Id, now));
        session.Events.StartStream(id, new FallbackPressRecorded(
            new SmsFallbackPressReceived(id, now, her.AssociationId, her.Id, press.PressId, press.PressPattern, press.Location)));
        try
        {
            // Committed before Twilio hears back: from here the outbox delivers it, whenever the broker is there.
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception duplicate) when (duplicate is Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.DocumentAlreadyExistsException)
        {
            // The same SMS delivered to the webhook twice (recorded by the first), or the same code in two SMS at once
            // (the first one counts).
        }
        logger.LogInformation("SMS fallback code {MessageSid} recorded for beneficiary {BeneficiaryId}.", messageSid, her.Id);
    }
}
