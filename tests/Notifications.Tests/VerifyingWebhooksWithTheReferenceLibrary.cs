using Platform.Notifications.Api.Webhooks;
using Platform.Testing;

namespace Platform.Notifications.Tests;

/// <summary>Our deliveries as a receiver using the Standard Webhooks reference library (npm standardwebhooks) sees them.</summary>
public sealed class VerifyingWebhooksWithTheReferenceLibrary
{
    private const string Body = """{"type":"alert.triggered","data":{"message":"Léa a besoin d'aide","at":"2026-11-26T21:00:00Z"}}""";

    [Fact]
    public async Task Our_signature_verifies()
    {
        var secret = WebhookSecret.Generate();
        var headers = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow, Body, [secret]);
        await using var verifier = StandardWebhooksVerifier.Start();

        var verdict = await verifier.VerifyAsync(secret.Reveal(), headers.ByName, Body);

        Assert.True(verdict.Ok, verdict.Error);
    }

    [Fact]
    public async Task A_tampered_body_fails()
    {
        var secret = WebhookSecret.Generate();
        var headers = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow, Body, [secret]);
        await using var verifier = StandardWebhooksVerifier.Start();

        var verdict = await verifier.VerifyAsync(secret.Reveal(), headers.ByName, Body.Replace("Léa", "Lea", StringComparison.Ordinal));

        Assert.False(verdict.Ok);
        Assert.Contains("No matching signature", verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_signed_six_minutes_ago_fails()
    {
        var secret = WebhookSecret.Generate();
        var headers = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow.AddMinutes(-6), Body, [secret]);
        await using var verifier = StandardWebhooksVerifier.Start();

        var verdict = await verifier.VerifyAsync(secret.Reveal(), headers.ByName, Body);

        Assert.False(verdict.Ok);
        Assert.Contains("too old", verdict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_rotation_a_receiver_holding_either_secret_verifies_and_one_holding_neither_does_not()
    {
        var old = WebhookSecret.Generate();
        var next = WebhookSecret.Generate();
        var headers = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow, Body, [old, next]);
        await using var verifier = StandardWebhooksVerifier.Start();

        var withOld = await verifier.VerifyAsync(old.Reveal(), headers.ByName, Body);
        var withNext = await verifier.VerifyAsync(next.Reveal(), headers.ByName, Body);
        var withNeither = await verifier.VerifyAsync(WebhookSecret.Generate().Reveal(), headers.ByName, Body);

        Assert.True(withOld.Ok, withOld.Error);
        Assert.True(withNext.Ok, withNext.Error);
        Assert.False(withNeither.Ok);
    }

    [Fact]
    public async Task A_retry_keeps_its_id_and_is_signed_with_a_fresh_timestamp_that_verifies()
    {
        var secret = WebhookSecret.Parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var first = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow.AddHours(-2), Body, [secret]);
        var retry = WebhookSignature.Headers("msg_2f6c1a", DateTimeOffset.UtcNow, Body, [secret]);
        await using var verifier = StandardWebhooksVerifier.Start();

        var verdict = await verifier.VerifyAsync(secret.Reveal(), retry.ByName, Body);

        Assert.Equal(first.Id, retry.Id);
        Assert.True(verdict.Ok, verdict.Error);
    }
}
