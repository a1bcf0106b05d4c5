using Marten;
using MassTransit;
using Platform.Contacts.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.Sms;

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
        var her = await session.LoadAsync<ContactsCopy>(changed.BeneficiaryId, context.CancellationToken);
        var text = GsmTransliteration.Transliterate(
            $"Plateforme d'alerte : depuis l'application de {her?.DisplayName ?? "une bénéficiaire"}, {what}. "
            + "Si ce n'est pas elle, son telephone est peut-etre entre d'autres mains. Contactez-la avec prudence.");
        var roster = await session.LoadAsync<RosterCopy>(changed.AssociationId, context.CancellationToken);
        foreach (var onCall in roster?.OnCallAt(time.GetUtcNow()) ?? [])
        {
            await sms.SendAsync(DeterministicIds.From("protection-changed", changed.EventId, onCall.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(onCall.Phone, text)), context.CancellationToken);
        }
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
