using Marten;
using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;

namespace Platform.Notifications.Api.Contacts;

/// <summary>Someone an alert message or call goes to: one of her contacts, or an on-call operator of her association.</summary>
/// <param name="Language">The language they read and hear; operators are addressed in French.</param>
public sealed record Recipient(Guid Id, ResponderKind Kind, string Name, string Phone, string Language);

public static class Recipients
{
    public const string OperatorLanguage = "fr";

    /// <summary>
    /// The recipient as the copies say now, or null when no longer entitled: a contact removed or no longer confirmed (the
    /// abuser can be on her list), an operator taken off the roster.
    /// </summary>
    public static Recipient? Find(ResponderKind kind, Guid id, ContactsCopy? her, RosterCopy? roster) => kind switch
    {
        ResponderKind.Contact => her?.Contacts.FirstOrDefault(c => c.ContactId == id) is { Consent: ContactConsent.Confirmed } contact
            ? new Recipient(contact.ContactId, kind, contact.Name, contact.Phone, contact.Language)
            : null,
        ResponderKind.OnCallOperator => roster?.Members.FirstOrDefault(m => m.OperatorId == id) is { } member
            ? new Recipient(member.OperatorId, kind, member.Name, member.Phone, OperatorLanguage)
            : null,
        _ => null,
    };

    /// <summary>Reads her contacts (and the roster, for an operator) at send time, then <see cref="Find"/>.</summary>
    public static async Task<(ContactsCopy? Her, Recipient? Recipient)> LoadAsync(IQuerySession session, Guid associationId,
        Guid beneficiaryId, ResponderKind kind, Guid recipientId, CancellationToken cancellationToken)
    {
        var her = await session.LoadAsync<ContactsCopy>(beneficiaryId, cancellationToken);
        var roster = kind == ResponderKind.OnCallOperator ? await session.LoadAsync<RosterCopy>(associationId, cancellationToken) : null;
        return (her, Find(kind, recipientId, her, roster));
    }
}
