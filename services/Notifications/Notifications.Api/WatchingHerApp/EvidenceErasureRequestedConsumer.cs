using Marten;
using MassTransit;
using Platform.Evidence.Contracts;
using Platform.Notifications.Api.Sms;
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
        var name = await session.HerNameAsync(requested.BeneficiaryId, context.CancellationToken);
        await sms.TextOnCallAsync(session, time, requested.AssociationId, "erasure-requested", requested.EventId,
            Wording(name, requested.ErasesAt), context.CancellationToken);
    }

    public static string Wording(string name, DateTimeOffset erasesAt) =>
        $"Plateforme d'alerte : l'application de {name} demande d'effacer ses enregistrements. Ils seront effaces le "
        + $"{erasesAt.ToString("dd/MM HH:mm", CultureInfo.InvariantCulture)} (UTC) sauf blocage judiciaire. "
        + "Verifiez avec elle, avec prudence : son telephone est peut-etre entre d'autres mains.";
}
