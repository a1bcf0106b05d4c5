using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Recording;

namespace Platform.TwilioSandbox;

/// <summary>What tests and local runs use to see what was sent and to play the carrier's status callbacks.</summary>
public static class SandboxApi
{
    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder endpoints)
    {
        var sandbox = endpoints.MapGroup("/sandbox");

        sandbox.MapGet("/messages", (string? to, RecordLog<RecordedMessage> messages) =>
            TypedResults.Ok(messages.List(message => to is null || message.To == E164(to))));
        sandbox.MapPost("/messages/{sid}/status", MessageStatusCallbacks.Handle);

        sandbox.MapGet("/calls", (string? to, RecordLog<RecordedCall> calls) =>
            TypedResults.Ok(calls.List(call => to is null || call.To == E164(to))));
        sandbox.MapPost("/calls/{sid}/status", CallStatusCallbacks.Handle);

        sandbox.MapPost("/inbound-sms", InboundMessages.Handle);

        return endpoints;
    }

    // `?to=+447700900123` typed unencoded in a shell arrives as " 447700900123": give the '+' back.
    private static string E164(string to) => to.StartsWith(' ') ? "+" + to.TrimStart() : to;
}
