using Platform.Alerts.Api.Alerts.GuardingPins;
using static Platform.Alerts.Tests.AlertScenarios;

namespace Platform.Alerts.Tests;

public sealed class GuardingPins
{
    private static readonly PinGuardOptions Options = new() { WrongPinsPerDay = 20, TellAssociationAfter = 5 };

    private static PinAttempts Tries(int wrong, DateTimeOffset at) =>
        new(Beneficiary, [.. Enumerable.Range(0, wrong).Select(_ => new PinAttempt(Guid.NewGuid(), at, Wrong: true))]);

    private static PinReservation Reserve(PinAttempts? attempts, DateTimeOffset now) =>
        PinBudget.Reserve(attempts, Beneficiary, Guid.NewGuid(), now, Options);

    [Fact]
    public void A_try_is_counted_before_the_pin_is_checked()
    {
        var granted = Assert.IsType<PinReservation.Granted>(Reserve(null, Now));

        Assert.Single(granted.Attempts.Attempts, attempt => attempt.Id == granted.AttemptId && !attempt.Wrong);
    }

    [Fact]
    public void Twenty_tries_in_a_day_spend_the_budget_until_the_first_of_them_is_a_day_old()
    {
        var attempts = Tries(20, Now);

        var exhausted = Assert.IsType<PinReservation.Exhausted>(Reserve(attempts, Now.AddHours(23)));

        Assert.Equal(Now.AddHours(24), exhausted.RetryAt);
        Assert.IsType<PinReservation.Granted>(Reserve(attempts, Now.AddHours(24)));
    }

    [Fact]
    public void Tries_still_being_checked_count_too_so_concurrent_requests_get_no_more_than_the_budget()
    {
        PinAttempts? attempts = null;
        var granted = 0;
        for (var request = 0; request < 50; request++)
        {
            if (Reserve(attempts, Now) is PinReservation.Granted reserved)
            {
                attempts = reserved.Attempts;
                granted++;
            }
        }

        Assert.Equal(Options.WrongPinsPerDay, granted);
    }

    [Fact]
    public void A_right_pin_gives_its_try_back()
    {
        var granted = Assert.IsType<PinReservation.Granted>(Reserve(Tries(3, Now), Now));

        var (settled, tell) = PinBudget.Settle(granted.Attempts, granted.AttemptId, wrong: false, Now, Options);

        Assert.Equal(3, settled.Attempts.Count);
        Assert.False(tell);
    }

    [Fact]
    public void The_wrong_pin_that_reaches_the_threshold_tells_her_association_once()
    {
        var attempts = Tries(3, Now);
        var told = new List<bool>();
        for (var guess = 0; guess < 4; guess++)
        {
            var granted = Assert.IsType<PinReservation.Granted>(Reserve(attempts, Now));
            (attempts, var tell) = PinBudget.Settle(granted.Attempts, granted.AttemptId, wrong: true, Now, Options);
            told.Add(tell);
        }

        // The 4th, 5th, 6th and 7th wrong PINs of the day: only the 5th tells.
        Assert.Equal([false, true, false, false], told);
    }

    [Fact]
    public void Wrong_pins_older_than_a_day_are_forgotten()
    {
        var granted = Assert.IsType<PinReservation.Granted>(Reserve(Tries(19, Now), Now.AddDays(1)));

        Assert.Single(granted.Attempts.Attempts);
    }
}
