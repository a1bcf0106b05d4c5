using Platform.ServiceDefaults;
using Contract = Platform.Contacts.Contracts;

namespace Platform.Contacts.Api.Rosters;

/// <summary>A recurring weekly slot in a time zone; an end before the start runs past midnight into the next day.</summary>
public sealed record WeeklyShift(DayOfWeek Day, TimeOnly Start, TimeOnly End, string TimeZone);
/// <param name="AssociationAdmin">Told of gaps ahead even when not on call.</param>
public sealed record RosterMember(Guid OperatorId, string Name, string Phone, IReadOnlyList<WeeklyShift> Shifts,
    bool AssociationAdmin = false);

// Domain event: the whole roster, replaced at once (operators edit it as one table).
public sealed record RosterReplaced(Guid AssociationId, IReadOnlyList<RosterMember> Members, DateTimeOffset At);

/// <summary>Nobody will be on call from <paramref name="From"/> to <paramref name="To"/>: whoever is on call and the admins were told.</summary>
/// <param name="From">The gap's start; <see cref="RosterGapWarning.OpenSince"/> for a gap already open when it was seen.</param>
public sealed record RosterGapWarned(Guid AssociationId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset At);

/// <summary>Who of an association's operators answers when an alert escalates past her contacts, and when.</summary>
/// <param name="WarnedGaps">The starts of the gaps already warned of: each is told once.</param>
public sealed record Roster(Guid AssociationId, IReadOnlyList<RosterMember> Members, IReadOnlyList<DateTimeOffset> WarnedGaps)
{
    public static Guid StreamId(Guid associationId) => DeterministicIds.From("roster", associationId);

    public static Roster? Evolve(Roster? state, object @event) => @event switch
    {
        // A new roster may close an open gap or open one: an open gap is warned of again, a dated one never twice.
        RosterReplaced e => new Roster(e.AssociationId, e.Members,
            [.. (state?.WarnedGaps ?? []).Where(from => from != RosterGapWarning.OpenSince)]),
        RosterGapWarned e when state is not null => state with { WarnedGaps = [.. state.WarnedGaps, e.From] },
        _ => state,
    };
}

/// <summary>When nobody will be on call in the next hours, say so once, before it happens.</summary>
public static class RosterGapWarning
{
    /// <summary>Stands for the start of a gap already open when it was found (its true start may be days back).</summary>
    public static readonly DateTimeOffset OpenSince = DateTimeOffset.MinValue;

    /// <summary>The gaps in [now, now + ahead) not warned of yet, each as one event.</summary>
    public static IReadOnlyList<RosterGapWarned> Decide(Roster roster, DateTimeOffset now, TimeSpan ahead) =>
    [
        .. OnCallSchedule.Gaps(roster.Members, now, now + ahead)
            .Select(gap => new RosterGapWarned(roster.AssociationId, gap.From <= now ? OpenSince : gap.From, gap.To, now))
            .Where(warning => !roster.WarnedGaps.Contains(warning.From)),
    ];
}

/// <summary>The read side of a roster: one document per association, written in the same transaction as its stream.</summary>
/// <param name="Id">The association.</param>
public sealed record AssociationRoster(Guid Id, long Version, IReadOnlyList<RosterMember> Members, DateTimeOffset ChangedAt);

/// <summary>A time when nobody is on call.</summary>
public sealed record CoverageGap(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Who is on call, and when nobody is. A shift covers an instant when the wall clock in its time zone reads a time
/// inside it: the rule notifications applies when an alert escalates (<see cref="Contract.WeeklyShift.Covers"/>), used
/// here rather than copied, so readiness reports exactly the times an escalation would find nobody.
/// </summary>
public static class OnCallSchedule
{
    public const string DefaultTimeZone = "Europe/Paris";

    public static bool Covers(WeeklyShift shift, DateTimeOffset instant) =>
        new Contract.WeeklyShift(shift.Day, shift.Start, shift.End, shift.TimeZone).Covers(instant);

    public static IReadOnlyList<RosterMember> OnCallAt(IReadOnlyList<RosterMember> members, DateTimeOffset at) =>
        [.. members.Where(member => member.Shifts.Any(shift => Covers(shift, at)))];

    /// <summary>The times in [from, to) when nobody is on call, in order.</summary>
    public static IReadOnlyList<CoverageGap> Gaps(IReadOnlyList<RosterMember> members, DateTimeOffset from, DateTimeOffset to)
    {
        var shifts = members.SelectMany(member => member.Shifts).ToList();
        // Coverage only changes where some zone's wall clock reaches a shift's start or end, or jumps (daylight saving):
        // between two such instants it is the same throughout, so checking the first instant of each piece is exact.
        var changes = shifts.SelectMany(shift => WallClockInstants(shift, from, to))
            .Concat(shifts.Select(shift => shift.TimeZone).Distinct().SelectMany(zone => OffsetChanges(zone, from, to)))
            .Where(instant => instant > from && instant < to)
            .Append(from).Append(to)
            .Distinct().Order().ToList();
        var gaps = new List<CoverageGap>();
        for (var i = 0; i < changes.Count - 1; i++)
        {
            if (shifts.Any(shift => Covers(shift, changes[i])))
            {
                continue;
            }
            if (gaps.Count > 0 && gaps[^1].To == changes[i])
            {
                gaps[^1] = gaps[^1] with { To = changes[i + 1] };
            }
            else
            {
                gaps.Add(new CoverageGap(changes[i], changes[i + 1]));
            }
        }
        return gaps;
    }

    /// <summary>Every instant in (about) the window when the shift's wall clock reads its start or its end.</summary>
    private static IEnumerable<DateTimeOffset> WallClockInstants(WeeklyShift shift, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(shift.TimeZone);
        var firstDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime).AddDays(-1);
        var lastDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(to, zone).DateTime).AddDays(1);
        for (var date = firstDate; date <= lastDate; date = date.AddDays(1))
        {
            foreach (var time in new[] { shift.Start, shift.End })
            {
                var local = date.ToDateTime(time, DateTimeKind.Unspecified);
                if (zone.IsInvalidTime(local))
                {
                    continue; // Skipped by a spring-forward change: the jump itself is an offset change.
                }
                var offsets = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local) : [zone.GetUtcOffset(local)];
                foreach (var offset in offsets)
                {
                    yield return new DateTimeOffset(local, offset).ToUniversalTime();
                }
            }
        }
    }

    /// <summary>The instants in the window when the zone's offset from UTC changes, to the minute.</summary>
    private static IEnumerable<DateTimeOffset> OffsetChanges(string timeZone, DateTimeOffset from, DateTimeOffset to)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var step = TimeSpan.FromHours(1);
        for (var hour = from; hour < to; hour += step)
        {
            var next = hour + step;
            if (zone.GetUtcOffset(hour) == zone.GetUtcOffset(next))
            {
                continue;
            }
            var (before, after) = (hour, next);
            while (after - before > TimeSpan.FromMinutes(1))
            {
                var middle = before + ((after - before) / 2);
                (before, after) = zone.GetUtcOffset(middle) == zone.GetUtcOffset(before) ? (middle, after) : (before, middle);
            }
            yield return new DateTimeOffset(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        }
    }
}
