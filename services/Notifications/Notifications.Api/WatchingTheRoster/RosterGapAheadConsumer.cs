using Marten;
using MassTransit;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.Sms;
using System.Globalization;

namespace Platform.Notifications.Api.WatchingTheRoster;

/// <summary>
/// Nobody will be on call at an association within the next day: whoever is on call now and the roster's admins are
/// texted once each (the webhook goes out beside it), while there is still time to find someone.
/// </summary>
public sealed class RosterGapAheadConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time) : IConsumer<RosterGapAhead>
{
    // The services run with invariant globalization (no culture data): the days are named here.
    private static readonly string[] FrenchDays = ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."];

    public async Task Consume(ConsumeContext<RosterGapAhead> context)
    {
        var gap = context.Message;
        var roster = await session.LoadAsync<RosterCopy>(gap.AssociationId, context.CancellationToken);
        var body = GsmTransliteration.Transliterate(Wording(gap, gap.AssociationId == RegionFallbackRoster.Id));
        foreach (var member in ToWarn(roster, time.GetUtcNow()))
        {
            await sms.SendAsync(DeterministicIds.From("roster-gap", gap.EventId, member.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(member.Phone, body)), context.CancellationToken);
        }
    }

    /// <summary>Whoever is on call now and every admin of the roster, each once.</summary>
    public static IReadOnlyList<RosterMember> ToWarn(RosterCopy? roster, DateTimeOffset now) =>
        roster is null ? [] : [.. roster.OnCallAt(now).Concat(roster.Members.Where(m => m.AssociationAdmin)).DistinctBy(m => m.OperatorId)];

    public static string Wording(RosterGapAhead gap, bool region)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(gap.TimeZone);
        string Local(DateTimeOffset at)
        {
            var local = TimeZoneInfo.ConvertTime(at, zone);
            return $"{FrenchDays[(int)local.DayOfWeek]} {local.ToString("d/MM HH:mm", CultureInfo.InvariantCulture)}";
        }
        var whose = region ? "la permanence régionale" : "la permanence de l'association";
        return $"Plateforme d'alerte : personne n'est d'astreinte pour {whose} du {Local(gap.From)} au {Local(gap.To)} " +
               $"({gap.TimeZone}). Une alerte à ce moment ne joindrait aucun opérateur. Complétez le planning.";
    }
}
