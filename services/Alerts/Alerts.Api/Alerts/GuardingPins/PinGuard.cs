using Marten;
using Microsoft.Extensions.Options;
using Platform.Alerts.Contracts;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Security.Claims;

namespace Platform.Alerts.Api.Alerts.GuardingPins;

/// <summary>What a PIN means to the action it confirms.</summary>
public enum PinMatch
{
    Cancel,
    Duress,
    Wrong,
}

/// <summary>
/// The one place her PIN is checked, for every action it confirms: each try is counted in her budget before the PIN is
/// hashed, a right PIN gives its try back, and wrong ones past a threshold tell her association at once.
/// </summary>
public sealed class PinGuard(IDocumentStore store, TimeProvider time, IOptions<PinGuardOptions> options)
{
    public const string NoPinSetProblem = "/problems/no-pin-set";
    public const string TooManyAttemptsProblem = "/problems/too-many-pin-attempts";

    private PinGuardOptions Options => options.Value;

    /// <summary>Her PINs, or 409 when she never chose any.</summary>
    public async Task<AlertPins> HerPinsAsync(ClaimsPrincipal user, PinAction action, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession(user.AssociationId().ToString());
        return await query.LoadAsync<AlertPins>(user.SubjectId(), cancellationToken)
            ?? throw ProblemException.Conflict(NoPinSetProblem, $"No PIN is set for {Purpose(action)}.", "Choose your PINs in the app's settings.");
    }

    /// <summary>Checks a PIN she typed, within her budget (429 with Retry-After once it is spent, whatever the PIN).</summary>
    public async Task<PinMatch> CheckAsync(ClaimsPrincipal user, string? pin, PinAction action, CancellationToken cancellationToken) =>
        await CheckAsync(user, await HerPinsAsync(user, action, cancellationToken), pin, action, cancellationToken);

    public async Task<PinMatch> CheckAsync(ClaimsPrincipal user, AlertPins pins, string? pin, PinAction action,
        CancellationToken cancellationToken)
    {
        var attemptId = Guid.CreateVersion7();
        await using (var session = await LockedSessionAsync(user, cancellationToken))
        {
            var reservation = PinBudget.Reserve(await session.LoadAsync<PinAttempts>(user.SubjectId(), cancellationToken),
                user.SubjectId(), attemptId, time.GetUtcNow(), Options);
            if (reservation is PinReservation.Exhausted exhausted)
            {
                throw TooManyAttempts(exhausted.RetryAt - time.GetUtcNow());
            }
            session.Store(((PinReservation.Granted)reservation).Attempts);
            await session.SaveChangesAsync(cancellationToken);
        }
        var verdict = pins.Verdict(pin);
        var wrong = verdict is PinVerdict.Wrong or PinVerdict.RetiredDuress;
        await using (var session = await LockedSessionAsync(user, cancellationToken))
        {
            var now = time.GetUtcNow();
            var attempts = await session.LoadAsync<PinAttempts>(user.SubjectId(), cancellationToken) ?? new PinAttempts(user.SubjectId(), []);
            var (settled, tellAssociation) = PinBudget.Settle(attempts, attemptId, wrong, now, Options);
            session.Store(settled);
            if (tellAssociation)
            {
                Signal(session, user, DuressReason.WrongPinsExceeded, action, now);
            }
            if (verdict == PinVerdict.RetiredDuress)
            {
                Signal(session, user, DuressReason.DuressPin, action, now);
            }
            await session.SaveChangesAsync(cancellationToken);
        }
        return MatchOf(verdict);
    }

    /// <summary>What the action it confirms makes of a PIN: her retired duress PIN is a wrong one there (her association is told).</summary>
    public static PinMatch Match(AlertPins pins, string? pin) => MatchOf(pins.Verdict(pin));

    private static PinMatch MatchOf(PinVerdict verdict) => verdict switch
    {
        PinVerdict.Cancel => PinMatch.Cancel,
        PinVerdict.Duress => PinMatch.Duress,
        _ => PinMatch.Wrong,
    };

    /// <summary>Queues the silent word to her association in the caller's session: it commits with what the PIN confirmed.</summary>
    public static void Signal(IDocumentSession session, ClaimsPrincipal user, DuressReason reason, PinAction action, DateTimeOffset now) =>
        session.Events.Append(HerDuressSignalled.StreamIdFor(user.SubjectId()),
            new HerDuressSignalled(user.SubjectId(), user.AssociationId(), reason, action, now));

    public static ProblemException TooManyAttempts(TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, TooManyAttemptsProblem, "Too many wrong PINs today: PINs are not checked for now.",
            "Alerts still go out: pressing the button always works.") { RetryAfter = retryAfter };

    /// <summary>Her tries are counted one request at a time, across replicas: the lock is her own, held for one short transaction.</summary>
    private async Task<IDocumentSession> LockedSessionAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var session = store.LightweightSession(user.AssociationId().ToString());
        try
        {
            await AdvisoryLocks.LockForTransactionAsync(session, HerDuressSignalled.StreamIdFor(user.SubjectId()), cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private static string Purpose(PinAction action) => action switch
    {
        PinAction.CancellingAnAlert => "cancelling alerts",
        PinAction.CheckingIn => "checking in",
        PinAction.ExtendingATimer => "extending timers",
        PinAction.ChangingPins => "changing your PINs",
        _ => "confirming changes to your protection",
    };
}

public static class PinGuardSetup
{
    public static WebApplicationBuilder AddPinGuard(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PinGuardOptions>().BindConfiguration(PinGuardOptions.Section).ValidateDataAnnotations()
            .Validate(guard => guard.TellAssociationAfter <= guard.WrongPinsPerDay,
                "Alerts:PinGuard:TellAssociationAfter must not be above WrongPinsPerDay: the association would never be told.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PinGuard>();
        return builder;
    }
}
