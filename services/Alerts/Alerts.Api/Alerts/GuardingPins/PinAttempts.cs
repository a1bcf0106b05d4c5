using System.ComponentModel.DataAnnotations;

namespace Platform.Alerts.Api.Alerts.GuardingPins;

/// <summary>One try at her PIN inside the budget's window: pending while it is checked, then kept only if it was wrong.</summary>
public sealed record PinAttempt(Guid Id, DateTimeOffset At, bool Wrong);

/// <summary>
/// Every try at one woman's PIN, whatever it was meant to confirm (a cancel, a check-in, an extension, a PIN change): one
/// budget per woman, so a new timer or a new alert never brings fresh guesses. One document per beneficiary, in her
/// association's tenant, written under an advisory lock so concurrent requests and replicas count every try.
/// </summary>
public sealed record PinAttempts(Guid Id, IReadOnlyList<PinAttempt> Attempts);

/// <param name="WrongPinsPerDay">Tries a day in all: past them no PIN is even checked. 20 a day makes a 4-digit PIN
/// (10,000 values) take more than a year to find on average, while a woman who mistypes is never stopped.</param>
/// <param name="TellAssociationAfter">Wrong PINs in a day that tell her association at once, silently: someone may be
/// guessing on her phone.</param>
public sealed class PinGuardOptions
{
    public const string Section = "Alerts:PinGuard";

    [Range(1, 100)]
    public int WrongPinsPerDay { get; set; } = 20;

    [Range(1, 100)]
    public int TellAssociationAfter { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);
}

public abstract record PinReservation
{
    /// <summary>A try is counted before the PIN is checked: fifty requests at once get no more than the budget.</summary>
    public sealed record Granted(PinAttempts Attempts, Guid AttemptId) : PinReservation;

    /// <summary>The day's tries are spent: the PIN is not checked at all, so the answer says nothing about it.</summary>
    public sealed record Exhausted(DateTimeOffset RetryAt) : PinReservation;
}

/// <summary>The budget's rules, pure: time and ids come in as data.</summary>
public static class PinBudget
{
    public static PinReservation Reserve(PinAttempts? current, Guid beneficiaryId, Guid attemptId, DateTimeOffset now,
        PinGuardOptions options)
    {
        var inWindow = InWindow(current, now, options);
        if (inWindow.Count >= options.WrongPinsPerDay)
        {
            return new PinReservation.Exhausted(inWindow.Min(attempt => attempt.At) + options.Window);
        }
        return new PinReservation.Granted(new PinAttempts(beneficiaryId, [.. inWindow, new PinAttempt(attemptId, now, Wrong: false)]),
            attemptId);
    }

    /// <summary>
    /// A right PIN gives its try back (she may use her PIN as often as she needs); a wrong one keeps it. Says whether this
    /// wrong PIN is the one that crosses the threshold: her association is told once per crossing, not at every guess.
    /// </summary>
    public static (PinAttempts Attempts, bool TellAssociation) Settle(PinAttempts current, Guid attemptId, bool wrong,
        DateTimeOffset now, PinGuardOptions options)
    {
        var inWindow = InWindow(current, now, options);
        if (!wrong)
        {
            return (current with { Attempts = [.. inWindow.Where(attempt => attempt.Id != attemptId)] }, false);
        }
        List<PinAttempt> settled = [.. inWindow.Select(attempt => attempt.Id == attemptId ? attempt with { Wrong = true } : attempt)];
        var wrongPins = settled.Count(attempt => attempt.Wrong);
        return (current with { Attempts = settled }, wrongPins == options.TellAssociationAfter);
    }

    private static List<PinAttempt> InWindow(PinAttempts? attempts, DateTimeOffset now, PinGuardOptions options) =>
        [.. (attempts?.Attempts ?? []).Where(attempt => attempt.At > now - options.Window)];
}
