using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.WatchingHerApp;

/// <summary>
/// Someone may be using her phone against her, outside any alert: whoever is on call at her association is texted at once
/// (the webhook goes out beside it). She is never told: her phone may be in his hands.
/// </summary>
public sealed class BeneficiaryDuressConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time)
    : IConsumer<BeneficiaryDuressRaised>
{
    public async Task Consume(ConsumeContext<BeneficiaryDuressRaised> context)
    {
        var raised = context.Message;
        var name = await session.HerNameAsync(raised.BeneficiaryId, context.CancellationToken);
        await sms.TextOnCallAsync(session, time, raised.AssociationId, "beneficiary-duress", raised.EventId, Wording(name, raised.Reason),
            context.CancellationToken);
    }

    public static string Wording(string name, DuressReason reason) => reason switch
    {
        DuressReason.DuressPin =>
            $"Plateforme d'alerte : {name} a saisi son code de contrainte dans l'application. Elle est peut-etre en danger. "
            + "Contactez-la avec prudence : son telephone est peut-etre entre d'autres mains.",
        _ => $"Plateforme d'alerte : plusieurs codes faux ont ete saisis sur le telephone de {name}. Quelqu'un d'autre l'a peut-etre "
            + "en main. Contactez-la avec prudence.",
    };
}
