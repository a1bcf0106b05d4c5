using Marten;
using MassTransit;
using Platform.Evidence.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.Sms;
using System.Globalization;

namespace Platform.Notifications.Api.WatchingHerApp;

/// <summary>
/// Her own app asked to erase her recordings: whoever is on call is texted at once, with the time they go, so the
/// association can place a legal hold if the request is not hers (the webhook goes out beside it). She is never told.
/// </summary>
public sealed class EvidenceErasureRequestedConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time)
    : IConsumer<EvidenceErasureRequested>
{
    public async Task Consume(ConsumeContext<EvidenceErasureRequested> context)
    {
        var requested = context.Message;
        var her = await session.LoadAsync<ContactsCopy>(requested.BeneficiaryId, context.CancellationToken);
        var text = GsmTransliteration.Transliterate(Wording(her?.DisplayName ?? "une bénéficiaire", requested.ErasesAt));
        var roster = await session.LoadAsync<RosterCopy>(requested.AssociationId, context.CancellationToken);
        foreach (var onCall in roster?.OnCallAt(time.GetUtcNow()) ?? [])
        {
            await sms.SendAsync(DeterministicIds.From("erasure-requested", requested.EventId, onCall.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(onCall.Phone, text)), context.CancellationToken);
        }
    }

    public static string Wording(string name, DateTimeOffset erasesAt) =>
        $"Plateforme d'alerte : l'application de {name} demande d'effacer ses enregistrements. Ils seront effaces le "
        + $"{erasesAt.ToString("dd/MM HH:mm", CultureInfo.InvariantCulture)} (UTC) sauf blocage judiciaire. "
        + "Verifiez avec elle, avec prudence : son telephone est peut-etre entre d'autres mains.";
}
