using Platform.TwilioSandbox.TwilioProtocol;
using Twilio.Security;

namespace TwilioSandbox.Tests;

public sealed class TwilioSignatureTests
{
    [Fact]
    public void The_signature_is_the_one_twilios_own_validator_expects()
    {
        const string url = "https://platform.example/twilio/sms-status?alert=42&lang=fr";
        var parameters = new Dictionary<string, string>
        {
            ["To"] = "+447700900123", ["MessageStatus"] = "delivered", ["Body"] = "Ça va? ж", ["a"] = "lower case sorts last",
        };

        var signature = TwilioSignature.Compute("token", url, parameters);

        Assert.True(new RequestValidator("token").Validate(url, parameters, signature));
        Assert.False(new RequestValidator("token").Validate(url + "&x=1", parameters, signature));
    }
}
