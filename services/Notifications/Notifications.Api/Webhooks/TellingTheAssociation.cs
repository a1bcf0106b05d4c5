using Marten;
using MassTransit;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Sms;
using Platform.ServiceDefaults;
using Platform.Sms;

namespace Platform.Notifications.Api.Webhooks;

/// <summary>An endpoint stopped receiving (410 Gone, or failing for too long): its association must hear it some other way.</summary>
public sealed record WebhookEndpointDisabled(Guid EndpointId, Guid AssociationId, string? Description, string Reason, DateTimeOffset At);

/// <summary>
/// Tells whoever is on call at the association, by SMS: their case-management tool has stopped hearing about alerts (the
/// alerts themselves still reach everyone by SMS and calls), and an admin can enable the endpoint and replay what failed.
/// </summary>
public sealed class WebhookEndpointDisabledConsumer(OnceOnlySms sms, IQuerySession session, TimeProvider time)
    : IConsumer<WebhookEndpointDisabled>
{
    public async Task Consume(ConsumeContext<WebhookEndpointDisabled> context)
    {
        var disabled = context.Message;
        var roster = await session.LoadAsync<RosterCopy>(disabled.AssociationId, context.CancellationToken);
        var text = GsmTransliteration.Transliterate(Wording(disabled));
        foreach (var onCall in roster?.OnCallAt(time.GetUtcNow()) ?? [])
        {
            await sms.SendAsync(DeterministicIds.From("webhook-disabled", disabled.EndpointId, disabled.At.UtcTicks, onCall.OperatorId),
                _ => Task.FromResult<OutgoingSms?>(new OutgoingSms(onCall.Phone, text)), context.CancellationToken);
        }
    }

    public static string Wording(WebhookEndpointDisabled disabled)
    {
        var name = string.IsNullOrWhiteSpace(disabled.Description) ? "de votre association"
            : $"\"{(disabled.Description.Length > 40 ? disabled.Description[..40] : disabled.Description)}\"";
        var why = disabled.Reason == WebhookEndpoint.Gone ? "il a repondu 410" : "il echoue depuis trop longtemps";
        return $"Plateforme d'alerte : le webhook {name} est desactive ({why}). Les alertes partent toujours par SMS et appels. "
            + "Un administrateur peut le reactiver et rejouer les messages.";
    }
}
