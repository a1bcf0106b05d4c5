using Platform.TwilioSandbox.Calls;
using Platform.TwilioSandbox.Messages;
using Platform.TwilioSandbox.Recording;
using Platform.TwilioSandbox.Scripting;

namespace Platform.TwilioSandbox;

/// <summary>What tests and local runs use to see what was sent, to play the carrier's status callbacks and to script failures.</summary>
public static class SandboxApi
{
    public static IEndpointRouteBuilder MapSandboxApi(this IEndpointRouteBuilder endpoints)
    {
        var sandbox = endpoints.MapGroup("/sandbox");

        sandbox.MapGet("/messages", (string? to, RecordLog<RecordedMessage> messages) =>
            TypedResults.Ok(to is null ? messages.List() : messages.ListTo(E164(to))));
        sandbox.MapGet("/messages/receipts", MessageReceipts.Handle);
        sandbox.MapPost("/messages/{sid}/status", MessageStatusCallbacks.Handle);

        sandbox.MapGet("/calls", (string? to, RecordLog<RecordedCall> calls) =>
            TypedResults.Ok(to is null ? calls.List() : calls.ListTo(E164(to))));
        sandbox.MapPost("/calls/{sid}/status", CallStatusCallbacks.Handle);

        sandbox.MapPost("/inbound-sms", InboundMessages.Handle);

        sandbox.MapPost("/scripts", SandboxScripts.Add);
        sandbox.MapGet("/scripts", SandboxScripts.List);
        sandbox.MapDelete("/scripts", SandboxScripts.Clear);

        return endpoints;
    }

    // `?to=+447700900123` typed unencoded in a shell arrives as " 447700900123": give the '+' back.
    private static string E164(string to) => to.StartsWith(' ') ? "+" + to.TrimStart() : to;
}
