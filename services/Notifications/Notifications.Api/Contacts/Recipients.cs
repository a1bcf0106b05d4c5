using Marten;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;

namespace Platform.Notifications.Api.Contacts;

/// <summary>Someone an alert message or call goes to: one of her contacts, or an on-call operator of her association.</summary>
/// <param name="Language">The language they read and hear; operators are addressed in French.</param>
/// <param name="RegionFallback">An operator of the region's 24/7 fallback, not of her association: told her association did
/// not answer.</param>
public sealed record Recipient(Guid Id, ResponderKind Kind, string Name, string Phone, string Language, bool RegionFallback = false);

public static class Recipients
{
    public const string OperatorLanguage = "fr";

    /// <summary>
    /// The recipient as the copies say now, or null when no longer entitled: a contact removed or no longer confirmed (the
    /// abuser can be on her list), an operator taken off her association's roster or the region's fallback roster.
    /// </summary>
    public static Recipient? Find(ResponderKind kind, Guid id, ContactsCopy? her, RosterCopy? roster, RosterCopy? region = null) => kind switch
    {
        ResponderKind.Contact => her?.Contacts.FirstOrDefault(c => c.ContactId == id) is { Consent: ContactConsent.Confirmed } contact
            ? new Recipient(contact.ContactId, kind, contact.Name, contact.Phone, contact.Language)
            : null,
        ResponderKind.OnCallOperator => roster?.Members.FirstOrDefault(m => m.OperatorId == id) is { } member
            ? new Recipient(member.OperatorId, kind, member.Name, member.Phone, OperatorLanguage)
            : region?.Members.FirstOrDefault(m => m.OperatorId == id) is { } fallback
                ? new Recipient(fallback.OperatorId, kind, fallback.Name, fallback.Phone, OperatorLanguage, RegionFallback: true)
                : null,
        _ => null,
    };

    /// <summary>Her association's roster and the region's fallback roster, as this service's copies hold them now.</summary>
    public static async Task<(RosterCopy? Association, RosterCopy? Region)> RostersAsync(IQuerySession session, Guid associationId,
        CancellationToken cancellationToken)
    {
        var rosters = await session.LoadManyAsync<RosterCopy>(cancellationToken, associationId, RegionFallbackRoster.Id);
        return (rosters.FirstOrDefault(r => r.Id == associationId), rosters.FirstOrDefault(r => r.Id == RegionFallbackRoster.Id));
    }

    /// <summary>Reads her contacts (and the roster, for an operator) at send time, then <see cref="Find"/>.</summary>
    public static async Task<(ContactsCopy? Her, Recipient? Recipient)> LoadAsync(IQuerySession session, Guid associationId,
        Guid beneficiaryId, ResponderKind kind, Guid recipientId, CancellationToken cancellationToken)
    {
        var her = await session.LoadAsync<ContactsCopy>(beneficiaryId, cancellationToken);
        var (roster, region) = kind == ResponderKind.OnCallOperator ? await RostersAsync(session, associationId, cancellationToken) : default;
        return (her, Find(kind, recipientId, her, roster, region));
    }
}
