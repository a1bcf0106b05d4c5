using Marten;
using Platform.Notifications.Api.Contacts;
using Platform.ServiceDefaults;
using Platform.Sms;

namespace Platform.Notifications.Api.Sms;

/// <summary>A warning about her for whoever is on call at her association now, once per event and operator.</summary>
public static class OnCallTexts
{
    /// <summary>Her display name as her association knows it (a warning must say whom it is about).</summary>
    public static async Task<string> HerNameAsync(this IQuerySession session, Guid beneficiaryId, CancellationToken cancellationToken) =>
        (await session.LoadAsync<ContactsCopy>(beneficiaryId, cancellationToken))?.DisplayName ?? "une bénéficiaire";

    /// <param name="purpose">Names the kind of warning in the dispatch id: a redelivered event texts nobody twice.</param>
    public static async Task TextOnCallAsync(this OnceOnlySms sms, IQuerySession session, TimeProvider time, Guid associationId,
        string purpose, Guid eventId, string text, CancellationToken cancellationToken)
    {
        // Her name may hold a "ç" or an "ï": transliterated to GSM-7, the warning stays in the cheaper alphabet.
        var body = GsmTransliteration.Transliterate(text);
        var roster = await session.LoadAsync<RosterCopy>(associationId, cancellationToken);
        foreach (var onCall in roster?.OnCallAt(time.GetUtcNow()) ?? [])
        {
            await sms.SendAsync(DeterministicIds.From(purpose, eventId, onCall.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(onCall.Phone, body)), cancellationToken);
        }
    }
}
