using Marten;
using Platform.Notifications.Api.Telephony;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Platform.Notifications.Api.Sms;

/// <summary>What to send, decided at send time (so a contact removed a moment ago receives nothing).</summary>
public sealed record OutgoingSms(string To, string Body);

/// <summary>Sends an SMS through Twilio at most once per dispatch id (see <see cref="OnceOnlyDispatch"/>).</summary>
public sealed class OnceOnlySms(OnceOnlyDispatch dispatch, ITwilioRestClient twilio, TwilioSettings settings, TelephonySettings telephony)
{
    /// <param name="compose">The message, or null when the recipient is no longer entitled to it (recorded as skipped).</param>
    /// <param name="command">The alert SMS this is, for a durable retry and a fallback to a call; null for other messages.</param>
    /// <returns>The dispatch as it now stands (see <see cref="OnceOnlyDispatch.RunAsync"/>).</returns>
    public Task<Dispatch> SendAsync(Guid dispatchId, Func<IDocumentSession, Task<OutgoingSms?>> compose,
        CancellationToken cancellationToken, DispatchSms? command = null) =>
        dispatch.RunAsync(dispatchId, compose, sms => SendToTwilioAsync(dispatchId, sms), cancellationToken,
            command is null ? null : new DispatchCommand(Sms: command), FindSentAsync);

    /// <summary>Alert SMS sent together, two commits for all (see <see cref="OnceOnlyDispatch.TryRunWaveAsync"/>).</summary>
    /// <returns>Each dispatch as it now stands, in the wave's order; null when they must go one by one.</returns>
    public Task<IReadOnlyList<Dispatch>?> TrySendWaveAsync(IReadOnlyList<DispatchSms> wave,
        Func<IDocumentSession, Task<IReadOnlyList<OutgoingSms?>>> compose, CancellationToken cancellationToken)
    {
        var dispatches = wave.Select(command => new WaveDispatch(IdFor(command), new DispatchCommand(Sms: command))).ToList();
        return dispatch.TryRunWaveAsync(dispatches, compose, (sms, dispatchId) => SendToTwilioAsync(dispatchId, sms), cancellationToken);
    }

    public static Guid IdFor(DispatchSms command) => SmsDispatch.IdFor(command.AlertId, command.ContactId, command.EscalationStep);

    private async Task<string> SendToTwilioAsync(Guid dispatchId, OutgoingSms sms)
    {
        var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(sms.To))
        {
            From = new PhoneNumber(settings.FromNumber),
            Body = sms.Body,
            // Delivery truth comes back here; the dispatch id in the URL is signed by Twilio with the rest of it.
            StatusCallback = DeliveryStatusWebhook.CallbackUrlFor(settings, dispatchId),
            ValidityPeriod = (int)telephony.SmsValidity.TotalSeconds,
        }, twilio);
        return message.Sid;
    }

    /// <summary>The same body to the same number since the claim: Twilio has this very message already.</summary>
    private async Task<string?> FindSentAsync(OutgoingSms sms, DateTimeOffset since)
    {
        var sent = await MessageResource.ReadAsync(new ReadMessageOptions
        {
            To = new PhoneNumber(sms.To),
            From = new PhoneNumber(settings.FromNumber),
            DateSentAfter = since.UtcDateTime.AddMinutes(-1),
            PageSize = 50,
        }, twilio);
        return sent.FirstOrDefault(message => message.Body == sms.Body)?.Sid;
    }
}
