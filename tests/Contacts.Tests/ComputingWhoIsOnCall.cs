using Platform.Contacts.Api.Rosters;

namespace Platform.Contacts.Tests;

public sealed class ComputingWhoIsOnCall
{
    private static readonly RosterMember Lea = Member("Léa");
    private static readonly RosterMember Sam = Member("Sam");

    [Theory]
    [InlineData("2025-03-10T08:00:00Z", true)]   // Monday 09:00 in Paris (CET): the first minute
    [InlineData("2025-03-10T15:59:59Z", true)]   // 16:59:59
    [InlineData("2025-03-10T16:00:00Z", false)]  // 17:00: the end is not part of the shift
    [InlineData("2025-03-10T07:59:59Z", false)]
    [InlineData("2025-03-11T09:00:00Z", false)]  // Tuesday
    public void A_day_shift_covers_its_hours_in_its_time_zone(string at, bool onCall)
    {
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Monday, "09:00", "17:00")] } };

        Assert.Equal(onCall, OnCallSchedule.OnCallAt(members, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)).Count == 1);
    }

    [Theory]
    [InlineData("2025-03-14T21:00:00Z", true)]   // Friday 22:00 CET
    [InlineData("2025-03-15T02:00:00Z", true)]   // Saturday 03:00
    [InlineData("2025-03-15T04:59:00Z", true)]   // Saturday 05:59
    [InlineData("2025-03-15T05:00:00Z", false)]  // Saturday 06:00
    [InlineData("2025-03-14T20:59:00Z", false)]  // Friday 21:59
    public void A_shift_ending_before_it_starts_runs_past_midnight(string at, bool onCall)
    {
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Friday, "22:00", "06:00")] } };

        Assert.Equal(onCall, OnCallSchedule.OnCallAt(members, At(at)).Count == 1);
    }

    [Fact]
    public void A_sunday_night_shift_runs_into_monday()
    {
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Sunday, "20:00", "08:00")] } };

        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-03-17T06:00:00Z")));  // Monday 07:00 CET
    }

    [Fact]
    public void A_night_shift_keeps_its_local_end_across_the_spring_change_of_time()
    {
        // Paris moves from UTC+1 to UTC+2 at 02:00 on Sunday 30 March 2025: 06:00 local is 04:00 UTC that morning.
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Saturday, "22:00", "06:00")] } };

        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-03-30T03:30:00Z")));  // 05:30 CEST
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-03-30T04:30:00Z")));   // 06:30 CEST
        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-03-23T04:30:00Z")));  // the week before: 05:30 CET
        Assert.Equal([new CoverageGap(At("2025-03-29T12:00:00Z"), At("2025-03-29T21:00:00Z")),
                new CoverageGap(At("2025-03-30T04:00:00Z"), At("2025-03-30T12:00:00Z"))],
            OnCallSchedule.Gaps(members, At("2025-03-29T12:00:00Z"), At("2025-03-30T12:00:00Z")));  // a seven-hour night
    }

    [Fact]
    public void A_night_shift_keeps_its_local_end_across_the_autumn_change_of_time()
    {
        // Paris moves back from UTC+2 to UTC+1 at 03:00 on Sunday 26 October 2025: that night lasts nine hours.
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Saturday, "22:00", "06:00")] } };

        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-10-26T04:30:00Z")));  // 05:30 CET
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-10-26T05:00:00Z")));   // 06:00 CET
        Assert.Equal([new CoverageGap(At("2025-10-25T12:00:00Z"), At("2025-10-25T20:00:00Z")),
                new CoverageGap(At("2025-10-26T05:00:00Z"), At("2025-10-26T12:00:00Z"))],
            OnCallSchedule.Gaps(members, At("2025-10-25T12:00:00Z"), At("2025-10-26T12:00:00Z")));  // a nine-hour night
    }

    [Fact]
    public void A_shift_starting_in_the_skipped_hour_starts_when_the_clocks_jump()
    {
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Sunday, "02:30", "04:00")] } };

        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-03-30T00:59:00Z")));
        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-03-30T01:00:00Z")));  // 03:00 CEST, just after the jump
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-03-30T02:00:00Z")));   // 04:00 CEST
        Assert.Equal([new CoverageGap(At("2025-03-29T12:00:00Z"), At("2025-03-30T01:00:00Z")),
                new CoverageGap(At("2025-03-30T02:00:00Z"), At("2025-03-30T12:00:00Z"))],
            OnCallSchedule.Gaps(members, At("2025-03-29T12:00:00Z"), At("2025-03-30T12:00:00Z")));
    }

    [Fact]
    public void A_shift_ending_in_the_repeated_hour_ends_when_the_wall_clock_first_reads_its_end_and_covers_the_repeat_again()
    {
        // 26 October 2025: Paris reads 02:30 twice (00:30 UTC in summer time, 01:30 UTC in winter time). The wall-clock
        // rule that notifications applies leaves nobody on call between the first 02:30 and the change back to 02:00.
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Sunday, "00:00", "02:30")] } };

        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-10-26T00:29:00Z")));
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-10-26T00:30:00Z")));
        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-10-26T01:00:00Z")));
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-10-26T01:30:00Z")));
        Assert.Equal([new CoverageGap(At("2025-10-25T12:00:00Z"), At("2025-10-25T22:00:00Z")),
                new CoverageGap(At("2025-10-26T00:30:00Z"), At("2025-10-26T01:00:00Z")),
                new CoverageGap(At("2025-10-26T01:30:00Z"), At("2025-10-26T12:00:00Z"))],
            OnCallSchedule.Gaps(members, At("2025-10-25T12:00:00Z"), At("2025-10-26T12:00:00Z")));
    }

    [Fact]
    public void The_on_call_rule_is_the_one_notifications_applies()
    {
        var shift = Shift(DayOfWeek.Saturday, "22:00", "06:00");
        var contract = new Platform.Contacts.Contracts.WeeklyShift(shift.Day, shift.Start, shift.End, shift.TimeZone);

        for (var at = At("2025-10-24T00:00:00Z"); at < At("2025-10-28T00:00:00Z"); at = at.AddMinutes(15))
        {
            Assert.Equal(contract.Covers(at), OnCallSchedule.Covers(shift, at));
        }
    }

    [Fact]
    public void Each_shift_is_read_in_its_own_time_zone()
    {
        var members = new[] { Lea with { Shifts = [Shift(DayOfWeek.Monday, "09:00", "17:00", "America/Cayenne")] } };

        Assert.Single(OnCallSchedule.OnCallAt(members, At("2025-03-10T12:00:00Z")));  // 09:00 in Cayenne (UTC-3)
        Assert.Empty(OnCallSchedule.OnCallAt(members, At("2025-03-10T11:59:00Z")));
    }

    [Fact]
    public void Everyone_whose_shift_contains_the_time_is_on_call_once()
    {
        var members = new[]
        {
            Lea with { Shifts = [Shift(DayOfWeek.Monday, "08:00", "18:00"), Shift(DayOfWeek.Monday, "12:00", "14:00")] },
            Sam with { Shifts = [Shift(DayOfWeek.Monday, "12:00", "20:00")] },
        };

        Assert.Equal([Lea.OperatorId, Sam.OperatorId], OnCallSchedule.OnCallAt(members, At("2025-03-10T12:00:00Z")).Select(m => m.OperatorId));
    }

    [Fact]
    public void Nobody_is_on_call_with_an_empty_roster()
    {
        Assert.Empty(OnCallSchedule.OnCallAt([], At("2025-03-10T12:00:00Z")));
    }

    internal static RosterMember Member(string name) => new(Guid.NewGuid(), name, "+33612345678", []);

    internal static WeeklyShift Shift(DayOfWeek day, string start, string end, string timeZone = "Europe/Paris") =>
        new(day, TimeOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            TimeOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), timeZone);

    internal static DateTimeOffset At(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}
