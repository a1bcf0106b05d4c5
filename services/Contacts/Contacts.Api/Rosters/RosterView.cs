namespace Platform.Contacts.Api.Rosters;

public sealed record ShiftView(string Day, string Start, string End, string TimeZone)
{
    public static ShiftView From(WeeklyShift shift) => new(shift.Day.ToString().ToLowerInvariant(), shift.Start.ToString("HH:mm",
        System.Globalization.CultureInfo.InvariantCulture), shift.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        shift.TimeZone);
}

public sealed record RosterMemberView(Guid OperatorId, string Name, string Phone, IReadOnlyList<ShiftView> Shifts, bool AssociationAdmin)
{
    public static RosterMemberView From(RosterMember member) =>
        new(member.OperatorId, member.Name, member.Phone, [.. member.Shifts.Select(ShiftView.From)], member.AssociationAdmin);
}

public sealed record RosterView(Guid AssociationId, long Version, DateTimeOffset ChangedAt, IReadOnlyList<RosterMemberView> Members)
{
    public static RosterView From(AssociationRoster roster) =>
        new(roster.Id, roster.Version, roster.ChangedAt, [.. roster.Members.Select(RosterMemberView.From)]);
}

public sealed record OnCallView(Guid AssociationId, DateTimeOffset At, IReadOnlyList<RosterMemberView> OnCall);

/// <param name="Gaps">Times in the window when nobody is on call: an alert escalating then would reach no operator.</param>
public sealed record ReadinessView(Guid AssociationId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CoverageGap> Gaps);
