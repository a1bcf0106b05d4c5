using Marten;
using Microsoft.Extensions.Options;
using Platform.Contacts.Api.Beneficiaries.Consenting;
using Platform.ServiceDefaults.EventStore;

namespace Platform.Contacts.Api.Beneficiaries.Reconfirming;

/// <summary>Settings under "Contacts".</summary>
public sealed class ReconfirmationOptions
{
    public const string Section = "Contacts";

    /// <summary>How long a confirmation stays good: a contact may change numbers without telling her.</summary>
    public TimeSpan ReconfirmAfter { get; set; } = TimeSpan.FromDays(180);
    public TimeSpan ReconfirmCheckEvery { get; set; } = TimeSpan.FromHours(1);
}

public static class ReconfirmingContacts
{
    public static IReadOnlyList<object> Decide(Beneficiary? beneficiary, Guid contactId, DateTimeOffset now, TimeSpan reconfirmAfter) =>
        beneficiary?.FindContact(contactId) is { Consent: ConsentState.Confirmed, ConfirmedAt: { } confirmedAt }
            && confirmedAt + reconfirmAfter <= now
            ? [new ContactConsentLapsed(beneficiary.Id, contactId, now)]
            : [];

    public static WebApplicationBuilder AddContactReconfirmation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReconfirmationOptions>().Bind(builder.Configuration.GetSection(ReconfirmationOptions.Section))
            .Validate(options => options.ReconfirmAfter > TimeSpan.Zero && options.ReconfirmCheckEvery > TimeSpan.Zero,
                "Contacts:ReconfirmAfter and Contacts:ReconfirmCheckEvery must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ContactReconfirmation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ContactReconfirmation>());
        return builder;
    }
}

/// <summary>
/// Marks contacts whose confirmation is older than the reachability period Lapsed, which asks them again. Every
/// replica runs it: each lapse is decided on the stream with optimistic concurrency, so two replicas never lapse twice.
/// </summary>
public sealed class ContactReconfirmation(IDocumentStore store, TimeProvider time, IOptions<ReconfirmationOptions> options,
    ILogger<ContactReconfirmation> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan SelectionMargin = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconfirmCheckEvery, time);
        do
        {
            try
            {
                await LapseDueContactsAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "Checking contacts due for reconfirmation failed; next check in {Period}.",
                    options.Value.ReconfirmCheckEvery);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many contacts were marked Lapsed.</returns>
    public async Task<int> LapseDueContactsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reconfirmAfter = options.Value.ReconfirmAfter;
        var lapsed = 0;
        while (true)
        {
            IReadOnlyList<ContactConfirmation> due;
            await using (var query = store.QuerySession())
            {
                // PostgreSQL keeps microseconds, .NET ticks: select a little wide, Decide is exact on the stream.
                var confirmedBefore = now - reconfirmAfter + SelectionMargin;
                due = await query.Query<ContactConfirmation>().Where(c => c.ConfirmedAt <= confirmedBefore)
                    .OrderBy(c => c.ConfirmedAt).Take(BatchSize).ToListAsync(cancellationToken);
            }
            var settled = 0;
            foreach (var confirmation in due)
            {
                var outcome = await LapseAsync(confirmation, now, reconfirmAfter, cancellationToken);
                lapsed += outcome.Lapsed;
                settled += outcome.Settled ? 1 : 0;
            }
            // A full page of confirmations only just inside the margin would come back forever.
            if (due.Count < BatchSize || settled == 0)
            {
                return lapsed;
            }
        }
    }

    private Task<(int Lapsed, bool Settled)> LapseAsync(ContactConfirmation confirmation, DateTimeOffset now, TimeSpan reconfirmAfter,
        CancellationToken cancellationToken) =>
        ConcurrentWrites.RetryAsync(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Beneficiary>(confirmation.BeneficiaryId, BeneficiaryEvolution.Evolve, cancellationToken);
            var events = ReconfirmingContacts.Decide(stream.State, confirmation.ContactId, now, reconfirmAfter);
            // Lapsed now, or no longer the contact's current confirmation (removed, new number, or confirmed again,
            // which inserted a confirmation of its own): either way this one is done.
            var current = stream.State?.FindContact(confirmation.ContactId) is { Consent: ConsentState.Confirmed } contact
                && contact.ConfirmedAt == confirmation.ConfirmedAt;
            if (events.Count > 0 || !current)
            {
                session.Delete<ContactConfirmation>(confirmation.Id);
            }
            session.AppendAfter(confirmation.BeneficiaryId, stream, events);
            await session.SaveChangesAsync(cancellationToken);
            return (events.Count, events.Count > 0 || !current);
        });
}
