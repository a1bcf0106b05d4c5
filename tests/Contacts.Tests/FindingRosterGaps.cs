using Platform.Contacts.Api.Rosters;
using static Platform.Contacts.Tests.ComputingWhoIsOnCall;

namespace Platform.Contacts.Tests;

public sealed class FindingRosterGaps
{
    // Monday 10 March 2025, 00:00 in Paris.
    private static readonly DateTimeOffset Monday = At("2025-03-09T23:00:00Z");

    [Fact]
    public void With_nobody_on_the_roster_the_whole_week_is_a_gap()
    {
        Assert.Equal([new CoverageGap(Monday, Monday.AddDays(7))], OnCallSchedule.Gaps([], Monday, Monday.AddDays(7)));
    }

    [Fact]
    public void Around_one_day_shift_everything_else_is_a_gap()
    {
        var members = new[] { Member("Léa") with { Shifts = [Shift(DayOfWeek.Monday, "09:00", "17:00")] } };

        var gaps = OnCallSchedule.Gaps(members, Monday, Monday.AddDays(7));

        Assert.Equal([new CoverageGap(Monday, Monday.AddHours(9)), new CoverageGap(Monday.AddHours(17), Monday.AddDays(7))], gaps);
    }

    [Fact]
    public void Day_and_night_shifts_that_meet_leave_no_gap_even_across_a_change_of_time()
    {
        var days = Enum.GetValues<DayOfWeek>();
        var members = new[]
        {
            Member("Léa") with { Shifts = [.. days.Select(d => Shift(d, "08:00", "20:00"))] },
            Member("Sam") with { Shifts = [.. days.Select(d => Shift(d, "20:00", "08:00"))] },
        };

        Assert.Empty(OnCallSchedule.Gaps(members, At("2025-03-27T10:00:00Z"), At("2025-04-03T10:00:00Z")));
        Assert.Empty(OnCallSchedule.Gaps(members, At("2025-10-23T10:00:00Z"), At("2025-10-30T10:00:00Z")));
    }

    [Fact]
    public void Overlapping_shifts_are_merged_and_the_hole_between_them_is_reported()
    {
        var members = new[]
        {
            Member("Léa") with { Shifts = [Shift(DayOfWeek.Monday, "00:00", "12:00"), Shift(DayOfWeek.Monday, "10:00", "14:00")] },
            Member("Sam") with { Shifts = [Shift(DayOfWeek.Monday, "15:00", "00:00")] },
        };

        var gaps = OnCallSchedule.Gaps(members, Monday, Monday.AddDays(1));

        Assert.Equal([new CoverageGap(Monday.AddHours(14), Monday.AddHours(15))], gaps);
    }

    [Fact]
    public void A_night_shift_from_before_the_window_covers_its_start()
    {
        var members = new[] { Member("Léa") with { Shifts = [Shift(DayOfWeek.Sunday, "22:00", "06:00")] } };

        var gaps = OnCallSchedule.Gaps(members, Monday, Monday.AddDays(1));

        Assert.Equal([new CoverageGap(Monday.AddHours(6), Monday.AddDays(1))], gaps);
    }

    [Theory]
    [InlineData("2025-03-27T10:17:23.4567891Z")]
    [InlineData("2025-10-23T23:59:59.9999999Z")]
    public void A_window_starting_at_any_instant_finds_the_same_gaps_across_a_change_of_time(string start)
    {
        var from = At(start);
        var members = new[] { Member("Léa") with { Shifts = [.. Enum.GetValues<DayOfWeek>().Select(d => Shift(d, "08:00", "20:00"))] } };

        var gaps = OnCallSchedule.Gaps(members, from, from.AddDays(7));

        // Every night is a gap from 20:00 to 08:00 local, whatever the offset that night.
        Assert.All(gaps.Skip(1).SkipLast(1), gap =>
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
            Assert.Equal((new TimeOnly(20, 0), new TimeOnly(8, 0)),
                (TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(gap.From, zone).DateTime),
                    TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(gap.To, zone).DateTime)));
        });
        Assert.InRange(gaps.Count, 7, 8);
        Assert.All(gaps.Zip(gaps.Skip(1)), pair => Assert.True(pair.First.To < pair.Second.From));
    }
}
