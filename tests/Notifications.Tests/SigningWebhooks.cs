using Platform.Notifications.Api.Webhooks;
using System.Text;

namespace Platform.Notifications.Tests;

public sealed class SigningWebhooks
{
    private static readonly WebhookSecret SpecSecret = WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static readonly DateTimeOffset SpecTimestamp = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void The_signature_matches_the_test_vector_of_the_spec_libraries()
    {
        // From standard-webhooks/standard-webhooks, libraries/csharp/StandardWebhooks.Tests/WebhookTest.cs (verifyWebhookSignWorks).
        var signature = WebhookSignature.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", SpecTimestamp, """{"test": 2432232314}""", [SpecSecret]);

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void The_headers_carry_the_id_the_timestamp_in_unix_seconds_and_the_signature()
    {
        var headers = WebhookSignature.Headers("msg_p5jXN8AQM9LWM0D4loKWxJek", SpecTimestamp.AddMilliseconds(999),
            """{"test": 2432232314}""", [SpecSecret]);

        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", headers.ByName["webhook-id"]);
        Assert.Equal("1614265330", headers.ByName["webhook-timestamp"]);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", headers.ByName["webhook-signature"]);
    }

    [Fact]
    public void During_a_rotation_each_secret_signs_and_the_signatures_are_space_separated()
    {
        var old = WebhookSecret.Generate();
        var next = WebhookSecret.Generate();
        const string body = """{"alert":"triggered"}""";

        var both = WebhookSignature.Sign("msg_1", SpecTimestamp, body, [old, next]);

        Assert.Equal(
            WebhookSignature.Sign("msg_1", SpecTimestamp, body, [old]) + " " + WebhookSignature.Sign("msg_1", SpecTimestamp, body, [next]),
            both);
    }

    [Fact]
    public void The_body_is_signed_as_its_utf8_bytes()
    {
        const string body = """{"message":"Léa a besoin d'aide, elle est à la gare"}""";

        Assert.Equal(
            WebhookSignature.Sign("msg_1", SpecTimestamp, body, [SpecSecret]),
            WebhookSignature.Sign("msg_1", SpecTimestamp, Encoding.UTF8.GetBytes(body), [SpecSecret]));
    }

    [Fact]
    public void Every_part_of_the_signed_text_changes_the_signature()
    {
        var signature = WebhookSignature.Sign("msg_1", SpecTimestamp, "{}", [SpecSecret]);

        Assert.NotEqual(signature, WebhookSignature.Sign("msg_2", SpecTimestamp, "{}", [SpecSecret]));
        Assert.NotEqual(signature, WebhookSignature.Sign("msg_1", SpecTimestamp.AddSeconds(1), "{}", [SpecSecret]));
        Assert.NotEqual(signature, WebhookSignature.Sign("msg_1", SpecTimestamp, "{ }", [SpecSecret]));
        Assert.NotEqual(signature, WebhookSignature.Sign("msg_1", SpecTimestamp, "{}", [WebhookSecret.Generate()]));
    }

    [Fact]
    public void A_delivery_is_never_sent_unsigned()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign("msg_1", SpecTimestamp, "{}", []));
    }

    [Theory]
    [InlineData("")]
    [InlineData("msg 1")]
    [InlineData("msg_1\r\nwebhook-signature: v1,forged")]
    public void An_id_that_could_break_the_header_or_the_signed_text_is_refused(string messageId)
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign(messageId, SpecTimestamp, "{}", [SpecSecret]));
    }

    [Fact]
    public void The_headers_go_onto_a_request()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.org/hooks");

        WebhookSignature.Headers("msg_1", SpecTimestamp, "{}", [SpecSecret]).ApplyTo(request.Headers);

        Assert.Equal("msg_1", Assert.Single(request.Headers.GetValues("webhook-id")));
        Assert.Equal("1614265330", Assert.Single(request.Headers.GetValues("webhook-timestamp")));
        Assert.StartsWith("v1,", Assert.Single(request.Headers.GetValues("webhook-signature")), StringComparison.Ordinal);
    }
}
