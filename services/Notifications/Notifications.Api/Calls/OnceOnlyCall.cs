using Marten;
using Platform.Notifications.Api.Telephony;
using Platform.ServiceDefaults;
using Twilio.Clients;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Platform.Notifications.Api.Calls;

/// <summary>A call decided at call time: the number, the TwiML it plays, where Twilio reports the key pressed and the end.</summary>
public sealed record OutgoingCall(string To, string Twiml, Uri StatusCallback);

/// <summary>Names the once-only record of an alert call.</summary>
public static class CallDispatch
{
    /// <summary>One per alert, recipient and escalation step; never the id of the SMS of the same step.</summary>
    public static Guid IdFor(Guid alertId, Guid recipientId, int escalationStep) =>
        DeterministicIds.From("call", alertId, recipientId, escalationStep);
}

/// <summary>Places a call through Twilio at most once per dispatch id (see <see cref="OnceOnlyDispatch"/>).</summary>
public sealed class OnceOnlyCall(OnceOnlyDispatch dispatch, ITwilioRestClient twilio, TwilioSettings settings)
{
    public Task<Dispatch> PlaceAsync(Guid dispatchId, Func<IDocumentSession, Task<OutgoingCall?>> compose, CancellationToken cancellationToken,
        DispatchCall? command = null) =>
        dispatch.RunAsync(dispatchId, compose, async call =>
        {
            var placed = await CallResource.CreateAsync(new CreateCallOptions(new PhoneNumber(call.To), new PhoneNumber(settings.FromNumber))
            {
                Twiml = new Twiml(call.Twiml),
                StatusCallback = call.StatusCallback,
                StatusCallbackMethod = Twilio.Http.HttpMethod.Post,
                StatusCallbackEvent = ["initiated", "ringing", "answered", "completed"],
            }, twilio);
            return placed.Sid;
        }, cancellationToken, command is null ? null : new DispatchCommand(Call: command));
}
