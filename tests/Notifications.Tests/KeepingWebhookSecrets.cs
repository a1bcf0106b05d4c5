using Platform.Notifications.Api.Webhooks;

namespace Platform.Notifications.Tests;

public sealed class KeepingWebhookSecrets
{
    [Fact]
    public void A_generated_secret_is_whsec_and_the_base64_of_32_random_bytes()
    {
        var revealed = WebhookSecret.Generate().Reveal();

        Assert.StartsWith("whsec_", revealed, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(revealed["whsec_".Length..]).Length);
        Assert.NotEqual(revealed, WebhookSecret.Generate().Reveal());
    }

    [Fact]
    public void A_revealed_secret_reads_back_as_the_same_secret()
    {
        var revealed = WebhookSecret.Generate().Reveal();

        Assert.Equal(revealed, WebhookSecret.Parse(revealed).Reveal());
    }

    [Fact]
    public void A_secret_never_shows_in_a_log_line_or_a_message()
    {
        var secret = WebhookSecret.Generate();

        Assert.Equal("whsec_***", secret.ToString());
        Assert.Equal("signing with whsec_***", $"signing with {secret}");
    }

    [Theory]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(64)]
    public void A_key_of_24_to_64_bytes_is_accepted(int bytes)
    {
        Assert.True(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[bytes]), out _, out _));
    }

    [Theory]
    [InlineData(23)]
    [InlineData(65)]
    public void A_key_shorter_than_24_or_longer_than_64_bytes_is_refused(int bytes)
    {
        Assert.False(WebhookSecret.TryParse("whsec_" + Convert.ToBase64String(new byte[bytes]), out _, out var refusal));
        Assert.Contains("bytes", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjU-D8ILPZIo2LaLaSw")]
    public void Anything_but_whsec_and_well_formed_base64_is_refused_without_being_quoted(string? text)
    {
        Assert.False(WebhookSecret.TryParse(text, out var secret, out var refusal));
        Assert.Null(secret);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjU", refusal, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => WebhookSecret.Parse(text!));
    }
}
