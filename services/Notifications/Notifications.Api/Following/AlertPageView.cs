using Platform.Alerts.Contracts;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Contacts;

namespace Platform.Notifications.Api.Following;

/// <summary>What an alert page may show to whoever holds its link, decided from what this service knows now.</summary>
public abstract record AlertPageView
{
    private AlertPageView()
    {
    }

    /// <summary>
    /// Nothing: a forged or unknown link, a contact she removed (or who no longer accepts), an alert over for longer than
    /// the grace period. Every case reads the same, so the page tells nobody which it is.
    /// </summary>
    public sealed record Refused : AlertPageView;

    /// <summary>The alert ended within the grace period: the page says so and nothing else of her or where she was.</summary>
    public sealed record Over(string Language, bool NeutralWording) : AlertPageView;

    /// <summary>The alert runs: her name, her words, her newest position, and the "I'm on my way" button.</summary>
    /// <param name="Position">Null only before any position is known here.</param>
    /// <param name="YouAnswered">This contact pressed "I'm on my way" already.</param>
    public sealed record Open(Guid AssociationId, Guid AlertId, Guid ContactId, string ContactName, string DisplayName,
        string AlertMessage, string Language, bool NeutralWording, bool Drill, AlertLocation? Position, bool SomeoneOnTheWay,
        bool YouAnswered) : AlertPageView;

    public static readonly AlertPageView Refusal = new Refused();

    /// <param name="her">Her contacts copy as it is now: a contact removed a moment ago is refused at once.</param>
    public static AlertPageView Decide(AlertPageLink? link, ContactsCopy? her, ClosedAlert? closed, LiveAlert? live,
        AlertPageAnswer? answer, DateTimeOffset now, TimeSpan gracePeriod)
    {
        if (link is null || her is null || her.AssociationId != link.AssociationId)
        {
            return Refusal;
        }
        // Only someone she still counts on: the abuser may be the contact she just removed.
        if (her.Contacts.FirstOrDefault(contact => contact.ContactId == link.ContactId) is not { Consent: ContactConsent.Confirmed } contact)
        {
            return Refusal;
        }
        if (closed is not null)
        {
            return now >= closed.ClosedAt + gracePeriod ? Refusal : new Over(contact.Language, her.NeutralWording);
        }
        return new Open(link.AssociationId, link.AlertId, contact.ContactId, contact.Name, her.DisplayName, her.AlertMessage,
            contact.Language, her.NeutralWording, link.Drill, AlertPageRecords.Newest(link.SentPosition, live?.Position),
            live?.SomeoneOnTheWay ?? false, answer is not null);
    }
}
