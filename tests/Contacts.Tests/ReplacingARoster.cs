using Platform.Contacts.Api.Rosters;
using Platform.Contacts.Api.Rosters.Replacing;
using static Platform.Contacts.Tests.BeneficiaryScenarios;

namespace Platform.Contacts.Tests;

public sealed class ReplacingARoster
{
    private static readonly Guid OperatorId = new("0be7a700-0000-4000-8000-000000000001");

    [Fact]
    public void A_valid_roster_is_recorded_with_phones_in_E164_and_paris_as_the_default_time_zone()
    {
        var (replaced, errors) = ReplaceRosterSlice.Decide(Association, Roster(Valid()), Now);

        Assert.Empty(errors);
        var member = Assert.Single(replaced!.Members);
        Assert.Equal((OperatorId, "Léa", "+33612345678"), (member.OperatorId, member.Name, member.Phone));
        Assert.Equal([new WeeklyShift(DayOfWeek.Friday, new TimeOnly(22, 0), new TimeOnly(6, 0), "Europe/Paris")], member.Shifts);
        Assert.Equal((Association, Now), (replaced.AssociationId, replaced.At));
    }

    [Fact]
    public void An_empty_roster_is_accepted()
    {
        var (replaced, _) = ReplaceRosterSlice.Decide(Association, new ReplaceRoster([]), Now);

        Assert.Empty(replaced!.Members);
    }

    [Theory]
    [InlineData("12", "22:00", "06:00", "friday", null, "members[0].phone")]
    [InlineData("06 12 34 56 78", "22:00", "22:00", "friday", null, "members[0].shifts[0].end")]
    [InlineData("06 12 34 56 78", "25:00", "06:00", "friday", null, "members[0].shifts[0].start")]
    [InlineData("06 12 34 56 78", "9h", "06:00", "friday", null, "members[0].shifts[0].start")]
    [InlineData("06 12 34 56 78", "22:00", "06:00", "vendredi", null, "members[0].shifts[0].day")]
    [InlineData("06 12 34 56 78", "22:00", "06:00", "5", null, "members[0].shifts[0].day")]
    [InlineData("06 12 34 56 78", "22:00", "06:00", "friday", "Mars/Olympus", "members[0].shifts[0].timeZone")]
    public void An_invalid_member_or_shift_is_refused_under_its_field(string phone, string start, string end, string day, string? timeZone,
        string field)
    {
        var (replaced, errors) = ReplaceRosterSlice.Decide(Association,
            Roster(Valid() with { Phone = phone, Shifts = [new ShiftInput(day, start, end, timeZone)] }), Now);

        Assert.Null(replaced);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_member_needs_an_operator_id_and_a_name()
    {
        var (replaced, errors) = ReplaceRosterSlice.Decide(Association, Roster(Valid() with { OperatorId = null, Name = " " }), Now);

        Assert.Null(replaced);
        Assert.Equal(["members[0].name", "members[0].operatorId"], errors.Keys.Order());
    }

    [Fact]
    public void An_operator_listed_twice_is_refused()
    {
        var (replaced, errors) = ReplaceRosterSlice.Decide(Association, new ReplaceRoster([Valid(), Valid()]), Now);

        Assert.Null(replaced);
        Assert.Equal(["members"], errors.Keys);
    }

    [Fact]
    public void The_roster_stream_is_derived_from_the_association()
    {
        Assert.Equal(Platform.ServiceDefaults.DeterministicIds.From("roster", Association), Platform.Contacts.Api.Rosters.Roster.StreamId(Association));
        Assert.NotEqual(Platform.Contacts.Api.Rosters.Roster.StreamId(Association), Platform.Contacts.Api.Rosters.Roster.StreamId(OtherAssociation));
    }

    private static RosterMemberInput Valid() => new(OperatorId, " Léa ", "06 12 34 56 78", [new ShiftInput("Friday", "22:00", "06:00", null)]);

    private static ReplaceRoster Roster(RosterMemberInput member) => new([member]);
}
