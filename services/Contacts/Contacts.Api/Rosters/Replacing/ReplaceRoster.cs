using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contacts.Api.Beneficiaries;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Authentication;
using Platform.ServiceDefaults.EventStore;
using System.Globalization;
using System.Security.Claims;

namespace Platform.Contacts.Api.Rosters.Replacing;

public sealed record ReplaceRoster(IReadOnlyList<RosterMemberInput?>? Members);
/// <param name="AssociationAdmin">Told of gaps in the roster ahead even when not on call; false when left out.</param>
public sealed record RosterMemberInput(Guid? OperatorId, string? Name, string? Phone, IReadOnlyList<ShiftInput?>? Shifts,
    bool? AssociationAdmin = null);
/// <param name="Day">monday ... sunday.</param>
/// <param name="Start">HH:mm, local to <paramref name="TimeZone"/>.</param>
/// <param name="End">HH:mm; before the start, the shift runs past midnight.</param>
/// <param name="TimeZone">IANA id; Europe/Paris when none is given.</param>
public sealed record ShiftInput(string? Day, string? Start, string? End, string? TimeZone);

/// <summary>An association's operators publish who is on call and when; the whole roster is replaced at once.</summary>
public static class ReplaceRosterSlice
{
    public const int MaxMembers = 200;

    public static (RosterReplaced? Replaced, Dictionary<string, string[]> Errors) Decide(Guid associationId, ReplaceRoster command,
        DateTimeOffset now, PhoneNumberRules? phones = null)
    {
        var errors = new Dictionary<string, string[]>();
        var inputs = command.Members ?? [];
        if (inputs.Count > MaxMembers)
        {
            errors["members"] = [$"At most {MaxMembers} members."];
            return (null, errors);
        }
        var members = new List<RosterMember>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (Member(errors, $"members[{i}]", inputs[i], phones) is { } member)
            {
                members.Add(member);
            }
        }
        if (members.GroupBy(m => m.OperatorId).Any(g => g.Count() > 1))
        {
            errors["members"] = ["Each operator appears once (give one member several shifts)."];
        }
        return errors.Count > 0 ? (null, errors) : (new RosterReplaced(associationId, members, now), errors);
    }

    private static RosterMember? Member(Dictionary<string, string[]> errors, string field, RosterMemberInput? input,
        PhoneNumberRules? phones)
    {
        if (input is null)
        {
            errors[field] = ["Required."];
            return null;
        }
        var errorCount = errors.Count;
        if (input.OperatorId is not { } operatorId || operatorId == Guid.Empty)
        {
            errors[$"{field}.operatorId"] = ["Required: the operator's platform id."];
        }
        BeneficiaryRules.RequireName(errors, $"{field}.name", input.Name);
        var phone = BeneficiaryRules.E164OrError(errors, $"{field}.phone", input.Phone, phones);
        var shifts = new List<WeeklyShift>();
        var shiftInputs = input.Shifts ?? [];
        for (var i = 0; i < shiftInputs.Count; i++)
        {
            if (Shift(errors, $"{field}.shifts[{i}]", shiftInputs[i]) is { } shift)
            {
                shifts.Add(shift);
            }
        }
        return errors.Count > errorCount ? null : new RosterMember(input.OperatorId!.Value, input.Name!.Trim(), phone!, shifts,
            input.AssociationAdmin ?? false);
    }

    private static WeeklyShift? Shift(Dictionary<string, string[]> errors, string field, ShiftInput? input)
    {
        if (input is null)
        {
            errors[field] = ["Required."];
            return null;
        }
        var errorCount = errors.Count;
        if (!Enum.TryParse<DayOfWeek>(input.Day?.Trim(), ignoreCase: true, out var day) || !Enum.IsDefined(day)
            || int.TryParse(input.Day, out _))
        {
            errors[$"{field}.day"] = ["One of: monday, tuesday, wednesday, thursday, friday, saturday, sunday."];
        }
        var start = Time(errors, $"{field}.start", input.Start);
        var end = Time(errors, $"{field}.end", input.End);
        if (start is not null && start == end)
        {
            errors[$"{field}.end"] = ["Must differ from the start (a shift past midnight ends before it starts)."];
        }
        var timeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? OnCallSchedule.DefaultTimeZone : input.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
        {
            errors[$"{field}.timeZone"] = ["An IANA time zone, such as Europe/Paris."];
        }
        return errors.Count > errorCount ? null : new WeeklyShift(day, start!.Value, end!.Value, timeZone);
    }

    private static TimeOnly? Time(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }
        errors[field] = ["A time of day as HH:mm (00:00 to 23:59)."];
        return null;
    }

    public static void MapReplaceRoster(this RouteGroupBuilder rosters) =>
        rosters.MapPut("/roster", HandleAsync).RequireAuthorization(PlatformAuthentication.OperatorPolicy);

    private static Task<Results<Ok<RosterView>, ValidationProblem>> HandleAsync(ReplaceRoster command, ClaimsPrincipal user,
        IDocumentStore store, TimeProvider time, PhoneNumberRules phones, CancellationToken cancellationToken) =>
        ReplaceAsync(user.AssociationId(), command, store, time, phones, cancellationToken);

    /// <summary>Checks and saves a whole roster: an association's, or the region's fallback (under its own id).</summary>
    public static async Task<Results<Ok<RosterView>, ValidationProblem>> ReplaceAsync(Guid rosterOwnerId, ReplaceRoster command,
        IDocumentStore store, TimeProvider time, PhoneNumberRules phones, CancellationToken cancellationToken)
    {
        var (replaced, errors) = Decide(rosterOwnerId, command, time.GetUtcNow(), phones);
        if (replaced is null)
        {
            return TypedResults.ValidationProblem(errors, type: ProblemTypes.Validation);
        }
        var streamId = Roster.StreamId(rosterOwnerId);
        // Two operators saving at once: each version of the roster is whole, the later one wins, neither is lost silently.
        return await ConcurrentWrites.RetryAsync<Results<Ok<RosterView>, ValidationProblem>>(async () =>
        {
            await using var session = store.OpenTracedSession();
            var stream = await session.LoadAsync<Roster>(streamId, Roster.Evolve, cancellationToken);
            if (stream.Version == 0)
            {
                session.Events.StartStream(streamId, replaced);
            }
            else
            {
                session.AppendAfter(streamId, stream, [replaced]);
            }
            var saved = new AssociationRoster(rosterOwnerId, stream.Version + 1, replaced.Members, replaced.At);
            session.Store(saved);
            await session.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(RosterView.From(saved));
        });
    }
}
