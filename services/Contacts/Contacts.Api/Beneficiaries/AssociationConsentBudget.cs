using Marten;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.EventStore;
using System.ComponentModel.DataAnnotations;

namespace Platform.Contacts.Api.Beneficiaries;

/// <param name="PerAssociationPerDay">Consent requests (contacts added or renumbered, each texts one) an association may
/// cause in a UTC day, all its women and operators together. 500 covers fifty women enrolled with ten contacts each in one
/// day, several times a busy association's day, while a stolen operator token or a runaway integration stops at about
/// 500 SMS (each woman also has her own 20 a day).</param>
public sealed class ConsentBudgetOptions
{
    public const string Section = "Contacts:ConsentRequests";

    [Range(1, 1_000_000)]
    public int PerAssociationPerDay { get; set; } = 500;
}

/// <summary>How many consent requests an association caused on one UTC day (one row per association, rewritten).</summary>
public sealed record AssociationConsentRequests(Guid Id, DateOnly Day, int Count);

/// <summary>The association-wide daily budget of consent SMS, spent in the same transaction as the changes that text them.</summary>
public sealed class AssociationConsentBudget(Microsoft.Extensions.Options.IOptions<ConsentBudgetOptions> options)
{
    public const string ExhaustedProblem = "/problems/association-consent-budget-spent";

    /// <summary>
    /// Counts the consent requests <paramref name="appended"/> will text; past the day's budget, 429 and nothing is
    /// appended. Serialized per association (an advisory lock for the transaction), so replicas cannot overspend it.
    /// </summary>
    public async Task SpendAsync(IDocumentSession session, Guid associationId, IReadOnlyList<object> appended, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var requests = appended.Count(e => e is EmergencyContactAdded or ContactPhoneChanged);
        if (requests == 0)
        {
            return;
        }
        await AdvisoryLocks.LockForTransactionAsync(session, DeterministicIds.From("consent-budget", associationId), cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var spent = await session.LoadAsync<AssociationConsentRequests>(associationId, cancellationToken) is { } stored && stored.Day == today
            ? stored.Count
            : 0;
        if (spent + requests > options.Value.PerAssociationPerDay)
        {
            throw new ProblemException(StatusCodes.Status429TooManyRequests, ExhaustedProblem,
                "Her association has sent as many consent requests as it may today.",
                "Each added or renumbered contact texts one. Removing a contact is always possible; ask the platform's team if this is a real need.")
            {
                RetryAfter = today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - now.UtcDateTime,
            };
        }
        session.Store(new AssociationConsentRequests(associationId, today, spent + requests));
    }
}

public static class AssociationConsentBudgetSetup
{
    public static WebApplicationBuilder AddAssociationConsentBudget(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsentBudgetOptions>().BindConfiguration(ConsentBudgetOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<AssociationConsentBudget>();
        return builder;
    }
}
