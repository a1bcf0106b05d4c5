using Platform.Contacts.Api.Rosters;
using static Platform.Contacts.Tests.ComputingWhoIsOnCall;

namespace Platform.Contacts.Tests;

public sealed class WarningOfRosterGaps
{
    // Monday 10 March 2025, 00:00 in Paris.
    private static readonly DateTimeOffset Monday = At("2025-03-09T23:00:00Z");
    private static readonly Guid Association = Guid.NewGuid();
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private static WeeklyShift[] AllDay(DayOfWeek day) => [Shift(day, "00:00", "12:00"), Shift(day, "12:00", "00:00")];

    private static Roster Replaced(Roster? roster, params RosterMember[] members) =>
        Roster.Evolve(roster, new RosterReplaced(Association, members, Monday))!;

    private static Roster Warned(Roster roster, IEnumerable<RosterGapWarned> warnings) =>
        warnings.Aggregate(roster, (state, e) => Roster.Evolve(state, e)!);

    [Fact]
    public void A_gap_in_the_next_24_h_is_warned_of_once_however_often_it_is_looked_for()
    {
        // On call from midnight to 06:00 and from 10:00 to midnight: nobody from 06:00 to 10:00.
        var roster = Replaced(null, Member("Léa") with { Shifts = [Shift(DayOfWeek.Monday, "00:00", "06:00"), Shift(DayOfWeek.Monday, "10:00", "00:00"),
            .. AllDay(DayOfWeek.Tuesday)] });

        var first = RosterGapWarning.Decide(roster, Monday, Day);
        var later = RosterGapWarning.Decide(Warned(roster, first), Monday.AddHours(1), Day);

        var warning = Assert.Single(first);
        Assert.Equal((Monday.AddHours(6), Monday.AddHours(10)), (warning.From, warning.To));
        Assert.Empty(later);
    }

    [Fact]
    public void A_gap_more_than_24_h_ahead_is_not_warned_of_yet()
    {
        var roster = Replaced(null, Member("Léa") with { Shifts = [.. Enum.GetValues<DayOfWeek>().Where(d => d != DayOfWeek.Wednesday)
            .SelectMany(AllDay)] });

        Assert.Empty(RosterGapWarning.Decide(roster, Monday, Day));
        Assert.Single(RosterGapWarning.Decide(roster, Monday.AddDays(1).AddHours(1), Day));
    }

    [Fact]
    public void A_gap_already_open_is_warned_of_once_while_it_lasts_and_again_after_the_roster_is_replaced()
    {
        var empty = Replaced(null);

        var first = RosterGapWarning.Decide(empty, Monday, Day);
        var warned = Warned(empty, first);

        Assert.Equal(RosterGapWarning.OpenSince, Assert.Single(first).From);
        Assert.Empty(RosterGapWarning.Decide(warned, Monday.AddHours(3), Day));
        Assert.Single(RosterGapWarning.Decide(Replaced(warned), Monday.AddHours(4), Day));
    }

    [Fact]
    public void A_roster_that_covers_every_hour_warns_of_nothing()
    {
        var roster = Replaced(null, Member("Léa") with { Shifts = [.. Enum.GetValues<DayOfWeek>().SelectMany(AllDay)] });

        Assert.Empty(RosterGapWarning.Decide(roster, Monday, Day));
    }
}
