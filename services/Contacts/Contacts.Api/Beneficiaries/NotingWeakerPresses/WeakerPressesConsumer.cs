using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.ServiceDefaults.EventStore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Contacts.Api.Beneficiaries.NotingWeakerPresses;

/// <summary>
/// Her app made a press of her button do less (alerts keeps what presses do): it goes in her file beside her other
/// changes, and out to her association like them (<see cref="HerProtectionChanged"/>).
/// </summary>
public sealed class WeakerPressesConsumer(IDocumentStore store, TimeProvider time) : IConsumer<HerPressPatternsWeakened>
{
    public async Task Consume(ConsumeContext<HerPressPatternsWeakened> context)
    {
        var weakened = context.Message;
        var cancellationToken = context.CancellationToken;
        await ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            if (await session.AlreadyProcessedAsync(nameof(WeakerPressesConsumer), weakened.EventId, cancellationToken))
            {
                return false;
            }
            var stream = await session.LoadAsync<Beneficiary>(weakened.BeneficiaryId, BeneficiaryEvolution.Evolve, cancellationToken);
            if (stream.State is { } she && she.AssociationId == weakened.AssociationId)
            {
                session.AppendAfter(she.Id, stream,
                    [new ChangedFromHerApp(she.Id, ProtectionChange.PressPatternsWeakened, null, weakened.OccurredAt)]);
            }
            session.MarkProcessed(nameof(WeakerPressesConsumer), weakened.EventId, time.GetUtcNow());
            await session.SaveChangesAsync(cancellationToken);
            return true;
        });
    }
}
