using Marten;
using MassTransit;
using Platform.Devices.Contracts;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.Sms;
using System.Globalization;

namespace Platform.Notifications.Api.DeviceHealth;

/// <summary>
/// A button that may not work when she needs it: she is told (in words that reveal nothing to whoever else reads her
/// phone), and so is whoever is on call at her association.
/// </summary>
public sealed class DeviceHealthConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time)
    : IConsumer<DeviceBatteryLow>, IConsumer<DeviceWentSilent>, IConsumer<DeviceLinkLost>
{
    /// <summary>Her button no longer reaches her phone: only she can bring it back in range (her association sees it in its fleet view).</summary>
    public async Task Consume(ConsumeContext<DeviceLinkLost> context)
    {
        var lost = context.Message;
        var her = await session.LoadAsync<ContactsCopy>(lost.BeneficiaryId, context.CancellationToken);
        await TextHerAsync(lost.EventId, her,
            "Votre accessoire n'est plus relié à votre téléphone. Gardez-le près de vous et ouvrez l'application pour le reconnecter.",
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<DeviceBatteryLow> context)
    {
        var low = context.Message;
        var battery = low.ButtonBatteryPercent.ToString(CultureInfo.InvariantCulture);
        return WarnAsync(low.EventId, low.AssociationId, low.BeneficiaryId,
            toHer: $"Pensez à recharger votre accessoire (batterie {battery} %).",
            toAssociation: name => $"Bouton d'alerte de {name} : batterie faible ({battery} %). Merci de la contacter.",
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<DeviceWentSilent> context)
    {
        var silent = context.Message;
        var since = silent.LastContactAt.ToString("dd/MM HH:mm", CultureInfo.InvariantCulture);
        return WarnAsync(silent.EventId, silent.AssociationId, silent.BeneficiaryId,
            toHer: "Votre accessoire n'est plus connecté à votre téléphone. Ouvrez l'application pour le reconnecter.",
            toAssociation: name => $"Bouton d'alerte de {name} : aucun signal depuis le {since} (UTC). Merci de la contacter.",
            context.CancellationToken);
    }

    private async Task WarnAsync(Guid eventId, Guid associationId, Guid? beneficiaryId, string toHer,
        Func<string, string> toAssociation, CancellationToken cancellationToken)
    {
        var her = beneficiaryId is { } id ? await session.LoadAsync<ContactsCopy>(id, cancellationToken) : null;
        await TextHerAsync(eventId, her, toHer, cancellationToken);
        await sms.TextOnCallAsync(session, time, associationId, "device-health", eventId, toAssociation(her?.DisplayName ?? "une bénéficiaire"),
            cancellationToken);
    }

    private async Task TextHerAsync(Guid eventId, ContactsCopy? her, string text, CancellationToken cancellationToken)
    {
        if (her?.BeneficiaryPhone is { } phone)
        {
            await sms.SendAsync(DeterministicIds.From("device-health", eventId, "beneficiary"),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(phone, GsmTransliteration.Transliterate(text))), cancellationToken);
        }
    }
}
