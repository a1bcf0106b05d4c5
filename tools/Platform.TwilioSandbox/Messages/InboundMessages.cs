using Microsoft.Extensions.Options;
using Platform.TwilioSandbox.Callbacks;
using Platform.TwilioSandbox.TwilioProtocol;
using System.Security.Cryptography;

namespace Platform.TwilioSandbox.Messages;

/// <summary>A phone texting the platform's number: the sandbox posts Twilio's inbound-SMS webhook, signed.</summary>
/// <param name="Url">The webhook; defaults to Sandbox:InboundSmsUrl.</param>
public sealed record InboundSms(string From, string To, string Body, string? Url = null);

public sealed record InboundSmsResult(string MessageSid, int? WebhookStatusCode);

public static class InboundMessages
{
    public static async Task<IResult> Handle(InboundSms sms, StatusCallbackSender sender, IOptions<SandboxOptions> options,
        CancellationToken cancellationToken)
    {
        var url = sms.Url ?? options.Value.InboundSmsUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            return TypedResults.Problem("No webhook: pass url or set Sandbox:InboundSmsUrl.", statusCode: StatusCodes.Status409Conflict);
        }
        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = sid,
            ["SmsSid"] = sid,
            ["SmsMessageSid"] = sid,
            ["AccountSid"] = options.Value.AccountSid,
            ["From"] = sms.From,
            ["To"] = sms.To,
            ["Body"] = sms.Body,
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["SmsStatus"] = "received",
            ["ApiVersion"] = TwilioJson.ApiVersion,
        };
        var status = await sender.PostAsync(url, form, cancellationToken);
        return TypedResults.Accepted((string?)null, new InboundSmsResult(sid, status));
    }
}
