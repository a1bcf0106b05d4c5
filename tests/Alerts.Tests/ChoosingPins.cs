using Platform.Alerts.Api.Alerts.Cancelling;
using Platform.Alerts.Api.Alerts.GuardingPins;
using Platform.Alerts.Api.Alerts.ChoosingPins;
using Platform.ServiceDefaults;
using static Platform.Alerts.Tests.AlertScenarios;

namespace Platform.Alerts.Tests;

public sealed class ChoosingPins
{
    [Fact]
    public void Two_different_pins_of_four_to_eight_digits_are_accepted()
    {
        Assert.Empty(SetAlertPinsSlice.Validate(new SetAlertPins("2580", "14703692")));
    }

    [Theory]
    [InlineData(null, "cancelPin")]
    [InlineData("123", "cancelPin")]
    [InlineData("123456789", "cancelPin")]
    [InlineData("12a4", "cancelPin")]
    [InlineData("１２３４", "cancelPin")]
    [InlineData("7777", "cancelPin")]
    [InlineData("00000000", "cancelPin")]
    public void A_pin_that_is_not_4_to_8_varied_digits_is_refused_by_name(string? cancelPin, string field)
    {
        Assert.Equal([field], SetAlertPinsSlice.Validate(new SetAlertPins(cancelPin, "2580")).Keys);
    }

    [Fact]
    public void The_duress_pin_follows_the_same_rules()
    {
        Assert.Equal(["duressPin"], SetAlertPinsSlice.Validate(new SetAlertPins("2580", "1111")).Keys);
    }

    [Fact]
    public void The_duress_pin_must_differ_from_the_cancel_pin()
    {
        Assert.Equal(["duressPin"], SetAlertPinsSlice.Validate(new SetAlertPins("2580", "2580")).Keys);
    }

    [Fact]
    public void A_refusal_never_repeats_the_pin()
    {
        var errors = SetAlertPinsSlice.Validate(new SetAlertPins("9999", "2580x"));

        Assert.DoesNotContain(errors.Values.SelectMany(messages => messages), m => m.Contains("9999", StringComparison.Ordinal)
            || m.Contains("2580", StringComparison.Ordinal));
    }

    [Fact]
    public void Pins_are_kept_as_salted_pbkdf2_hashes_of_at_least_100000_iterations()
    {
        var pins = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        Assert.Equal((Beneficiary, Now), (pins.Id, pins.ChosenAt));
        Assert.True(pins.Cancel.Iterations >= 100_000 && pins.Duress.Iterations >= 100_000);
        Assert.NotEqual(pins.Cancel.Salt, pins.Duress.Salt);
        Assert.True(pins.Cancel.Matches("2580"));
        Assert.False(pins.Cancel.Matches("1470"));
        Assert.True(pins.Duress.Matches("1470"));
    }

    [Fact]
    public void The_same_pin_hashed_twice_gives_two_different_hashes()
    {
        Assert.NotEqual(PinHash.Of("2580").Hash, PinHash.Of("2580").Hash);
    }

    [Fact]
    public void Neither_a_pin_nor_its_hash_shows_in_text()
    {
        var pins = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        Assert.DoesNotContain(Convert.ToBase64String(pins.Cancel.Hash), pins.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("2580", new SetAlertPins("2580", "1470").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Her_first_pins_need_no_current_pin()
    {
        var pins = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), null, PinMatch.Wrong, Beneficiary, Now);

        Assert.True(pins.Cancel.Matches("2580"));
    }

    [Fact]
    public void Changing_pins_takes_her_current_cancel_pin()
    {
        var current = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        var changed = SetAlertPinsSlice.Decide(new SetAlertPins("3691", "7410", "2580"), current, PinMatch.Cancel, Beneficiary, Now);

        Assert.True(changed.Cancel.Matches("3691"));
    }

    [Fact]
    public void Changing_pins_with_a_wrong_current_pin_is_refused()
    {
        var current = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        var refused = Assert.Throws<ProblemException>(() =>
            SetAlertPinsSlice.Decide(new SetAlertPins("3691", "7410", "0000"), current, PinMatch.Wrong, Beneficiary, Now));

        Assert.Equal((422, SetAlertPinsSlice.WrongCurrentPinProblem), (refused.Status, refused.Type));
    }

    [Fact]
    public void Changing_pins_under_duress_keeps_her_pins_and_makes_the_chosen_ones_act_as_her_duress_pin()
    {
        var current = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        var kept = SetAlertPinsSlice.Decide(new SetAlertPins("3691", "7410", "1470"), current, PinMatch.Duress, Beneficiary, Now);

        Assert.Equal((current.Cancel, current.Duress), (kept.Cancel, kept.Duress));
        Assert.Equal(PinVerdict.Cancel, kept.Verdict("2580"));
        Assert.Equal(PinVerdict.Duress, kept.Verdict("3691"));
        Assert.Equal(PinVerdict.Duress, kept.Verdict("7410"));
        // To whoever made her change them, her old duress PIN is gone, as it would be after a real change.
        Assert.Equal(PinVerdict.RetiredDuress, kept.Verdict("1470"));
        Assert.Equal(PinMatch.Wrong, PinGuard.Match(kept, "1470"));
    }

    [Fact]
    public void A_pin_he_chose_acts_as_duress_even_when_it_is_her_own_cancel_pin()
    {
        var current = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);

        var kept = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "7410", "1470"), current, PinMatch.Duress, Beneficiary, Now);

        Assert.Equal(PinVerdict.Duress, kept.Verdict("2580"));
    }

    [Fact]
    public void Her_real_change_after_a_duress_one_forgets_the_pins_he_chose()
    {
        var current = SetAlertPinsSlice.Decide(new SetAlertPins("2580", "1470"), Beneficiary, Now);
        var underDuress = SetAlertPinsSlice.Decide(new SetAlertPins("3691", "7410", "1470"), current, PinMatch.Duress, Beneficiary, Now);

        var changed = SetAlertPinsSlice.Decide(new SetAlertPins("8520", "9630", "2580"), underDuress, PinMatch.Cancel, Beneficiary, Now);

        Assert.Null(changed.Shadow);
        Assert.Equal(PinVerdict.Wrong, changed.Verdict("3691"));
        Assert.Equal(PinVerdict.Cancel, changed.Verdict("8520"));
    }
}
