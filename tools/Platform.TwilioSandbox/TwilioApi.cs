using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.TwilioProtocol;

namespace Platform.TwilioSandbox;

/// <summary>The part of api.twilio.com the platform uses, at the same paths, so the real Twilio library talks to it unchanged.</summary>
public static class TwilioApi
{
    public static IEndpointRouteBuilder MapTwilioApi(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup($"/{TwilioJson.ApiVersion}/Accounts/{{accountSid}}")
            .AddEndpointFilter<TwilioCredentials>();

        account.MapPost("/Messages.json", SendingMessages.Handle);
        account.MapGet("/Messages.json", ListingMessages.Handle);
        account.MapPost("/Calls.json", PlacingCalls.Handle);
        return endpoints;
    }
}
