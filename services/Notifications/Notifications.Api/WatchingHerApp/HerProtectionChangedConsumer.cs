using Marten;
using MassTransit;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.WatchingHerApp;

/// <summary>
/// Her own app removed a contact or changed a number: whoever is on call is texted at once, since whoever holds her phone
/// may be disarming her (the webhook goes out for every change, additions included). She is never told.
/// </summary>
public sealed class HerProtectionChangedConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time)
    : IConsumer<HerProtectionChanged>
{
    public async Task Consume(ConsumeContext<HerProtectionChanged> context)
    {
        var changed = context.Message;
        if (Wording(changed.Change) is not { } what)
        {
            return;
        }
        var name = await session.HerNameAsync(changed.BeneficiaryId, context.CancellationToken);
        await sms.TextOnCallAsync(session, time, changed.AssociationId, "protection-changed", changed.EventId,
            $"Plateforme d'alerte : depuis l'application de {name}, {what}. "
            + "Si ce n'est pas elle, son telephone est peut-etre entre d'autres mains. Contactez-la avec prudence.",
            context.CancellationToken);
    }

    /// <summary>What removes protection, said plainly; an added contact is only sent to the association's systems.</summary>
    public static string? Wording(ProtectionChange change) => change switch
    {
        ProtectionChange.ContactRemoved => "un contact d'urgence a ete retire",
        ProtectionChange.ContactPhoneChanged => "le numero d'un contact d'urgence a ete change",
        ProtectionChange.HerPhoneChanged => "son propre numero a ete change",
        _ => null,
    };
}
