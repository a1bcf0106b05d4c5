using Marten;
using MassTransit;
using Platform.Alerts.Contracts;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Contacts;
using Platform.Notifications.Api.Following;
using Platform.Notifications.Api.Telephony;
using Platform.Notifications.Contracts;

namespace Platform.Notifications.Api.Sms;

/// <summary>
/// Sends alert SMS, exactly once per (alert, recipient, step), and reports each outcome to the alert's timeline. Her
/// contacts (and the roster) are read at send time, not when the alert was planned: someone removed (or no longer
/// confirmed) a moment ago receives nothing. The abuser can be on the list.
/// </summary>
public sealed class AlertSmsDispatcher(OnceOnlySms sms, AlertPageLinks pages, TimeProvider time)
{
    /// <summary>One SMS (a retry, an escalation step's, a fallback's).</summary>
    public async Task SendAsync(ConsumeContext context, DispatchSms command)
    {
        var dispatch = await sms.SendAsync(OnceOnlySms.IdFor(command), async session =>
        {
            var (her, recipient) = await Recipients.LoadAsync(session, command.AssociationId, command.BeneficiaryId,
                command.RecipientKind, command.ContactId, context.CancellationToken);
            if (recipient is null)
            {
                return null;
            }
            var pageLink = CarriesAPageLink(command, recipient) ? await pages.ForAsync(session, command, context.CancellationToken) : null;
            return Compose(session, command, her, recipient, pageLink);
        }, context.CancellationToken, command);
        await ReportAsync(context, command, dispatch);
    }

    /// <summary>
    /// The SMS of one alert to several people at once (her first wave): her contacts read once, every claim and every
    /// outcome in one commit each, the messages in parallel. When the wave cannot go together (a redelivery finds some of
    /// it done or in flight), each goes on its own, and the once-only records decide what still leaves.
    /// </summary>
    public async Task SendWaveAsync(ConsumeContext context, IReadOnlyList<DispatchSms> wave)
    {
        var dispatches = await sms.TrySendWaveAsync(wave, session => ComposeWaveAsync(session, wave, context.CancellationToken),
            context.CancellationToken);
        if (dispatches is null)
        {
            await Task.WhenAll(wave.Select(command => SendAsync(context, command)));
            return;
        }
        for (var i = 0; i < wave.Count; i++)
        {
            await ReportAsync(context, wave[i], dispatches[i]);
        }
    }

    private async Task<IReadOnlyList<OutgoingSms?>> ComposeWaveAsync(IDocumentSession session, IReadOnlyList<DispatchSms> wave,
        CancellationToken cancellationToken)
    {
        var first = wave[0];
        if (wave.Any(command => command.AlertId != first.AlertId))
        {
            throw new ArgumentException("A wave is one alert's.", nameof(wave));
        }
        var her = await session.LoadAsync<ContactsCopy>(first.BeneficiaryId, cancellationToken);
        var (roster, region) = wave.Any(command => command.RecipientKind == ResponderKind.OnCallOperator)
            ? await Recipients.RostersAsync(session, first.AssociationId, cancellationToken)
            : default;
        var closed = await session.LoadAsync<ClosedAlert>(first.AlertId, cancellationToken) is not null;
        var links = (await session.LoadManyAsync<AlertPageLink>(cancellationToken, wave.Select(pages.IdFor))).ToDictionary(link => link.Id);
        return [.. wave.Select(command => Recipients.Find(command.RecipientKind, command.ContactId, her, roster, region) is { } recipient
            ? Compose(session, command, her, recipient, CarriesAPageLink(command, recipient)
                ? pages.For(session, command, links.GetValueOrDefault(pages.IdFor(command)), closed)
                : null)
            : null)];
    }

    /// <summary>Her contacts get the link to her alert page (saved with the claim); operators and an excuse carry none.</summary>
    private static bool CarriesAPageLink(DispatchSms command, Recipient recipient) =>
        command.Response == AlertResponse.FullAlert && recipient.Kind == ResponderKind.Contact;

    private OutgoingSms Compose(IDocumentSession session, DispatchSms command, ContactsCopy? her, Recipient recipient, string? pageLink)
    {
        // An excuse is not an alert: nothing to acknowledge, and it must not make this number's next "OK" ambiguous.
        if (command.Response == AlertResponse.FullAlert)
        {
            session.Store(AlertRecipient.Reached(command.AlertId, command.AssociationId, command.BeneficiaryId, recipient, command.Source,
                time.GetUtcNow()));
        }
        return new OutgoingSms(recipient.Phone, AlertSms.For(command, her, recipient, pageLink));
    }

    private static async Task ReportAsync(ConsumeContext context, DispatchSms command, Dispatch dispatch)
    {
        await DispatchOutcomes.PublishAsync(context, dispatch, command.AssociationId, command.AlertId, command.ContactId,
            NotificationChannel.Sms, command.EscalationStep);
        if (dispatch.Status == DispatchStatus.Failed)
        {
            // Twilio refused the SMS for good (a landline, a blocked number): call instead, at once.
            await Fallback.CallInsteadAsync(context, command, context.CancellationToken);
        }
    }
}
