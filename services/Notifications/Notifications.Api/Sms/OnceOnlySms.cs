using Marten;
using Platform.Notifications.Api.Telephony;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Platform.Notifications.Api.Sms;

/// <summary>What to send, decided at send time (so a contact removed a moment ago receives nothing).</summary>
public sealed record OutgoingSms(string To, string Body);

/// <summary>Sends an SMS through Twilio at most once per dispatch id (see <see cref="OnceOnlyDispatch"/>).</summary>
public sealed class OnceOnlySms(OnceOnlyDispatch dispatch, ITwilioRestClient twilio, TwilioSettings settings)
{
    /// <param name="compose">The message, or null when the recipient is no longer entitled to it (recorded as skipped).</param>
    /// <returns>The finished dispatch: sent, failed for good, or skipped; the same one on every later call.</returns>
    public Task<Dispatch> SendAsync(Guid dispatchId, Func<IDocumentSession, Task<OutgoingSms?>> compose,
        CancellationToken cancellationToken) =>
        dispatch.RunAsync(dispatchId, compose, async sms =>
        {
            var message = await MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(sms.To))
            {
                From = new PhoneNumber(settings.FromNumber),
                Body = sms.Body,
            }, twilio);
            return message.Sid;
        }, cancellationToken);
}
