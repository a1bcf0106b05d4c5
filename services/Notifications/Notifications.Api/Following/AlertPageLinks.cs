using Marten;
using Microsoft.Extensions.Options;
using Platform.Notifications.Api.Acknowledging;
using Platform.Notifications.Api.Sms;

namespace Platform.Notifications.Api.Following;

/// <summary>Gives each contact's alert SMS its link to her alert page.</summary>
public sealed class AlertPageLinks(AlertPageTokens tokens, IOptions<AlertPageSettings> settings)
{
    /// <summary>
    /// The link for the contact a dispatch reaches, its record stored in the dispatch's session (saved with the claim,
    /// before the SMS leaves, so a contact who taps at once finds it). Every step stores it again with the newest position
    /// an SMS gave; the link itself never changes, so a retried SMS is the same text.
    /// </summary>
    public async Task<string> ForAsync(IDocumentSession session, DispatchSms command, CancellationToken cancellationToken)
    {
        var existing = await session.LoadAsync<AlertPageLink>(IdFor(command), cancellationToken);
        var closed = await session.LoadAsync<ClosedAlert>(command.AlertId, cancellationToken) is not null;
        return For(session, command, existing, closed);
    }

    public string IdFor(DispatchSms command) => tokens.LinkIdFor(command.AlertId, command.ContactId);

    /// <summary>As <see cref="ForAsync"/>, from records the caller read (a wave reads them all at once).</summary>
    /// <param name="existing">The contact's link record, if an earlier step stored one.</param>
    /// <param name="alertClosed">Once the alert ended a dispatch still in flight must not put her position back.</param>
    public string For(IDocumentSession session, DispatchSms command, AlertPageLink? existing, bool alertClosed)
    {
        var sent = alertClosed ? null : AlertPageRecords.Newest(existing?.SentPosition, command.Location);
        session.Store(new AlertPageLink(IdFor(command), command.AssociationId, command.BeneficiaryId, command.AlertId, command.ContactId,
            command.Source == Alerts.Contracts.AlertSource.Drill, sent));
        return settings.Value.LinkPrefix() + tokens.TokenFor(command.AlertId, command.ContactId);
    }
}
