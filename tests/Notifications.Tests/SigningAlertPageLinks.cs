using Platform.Notifications.Api.Following;
using Platform.Sms;

namespace Platform.Notifications.Tests;

public sealed class SigningAlertPageLinks
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly AlertPageTokens Tokens = new(Key);
    private static readonly Guid Alert = new("a1e70000-0000-4000-8000-000000000001");
    private static readonly Guid Sister = new("c0000000-0000-4000-8000-000000000001");
    private static readonly Guid Brother = new("c0000000-0000-4000-8000-000000000002");

    [Fact]
    public void A_token_is_27_url_safe_characters()
    {
        var token = Tokens.TokenFor(Alert, Sister);

        Assert.Equal(27, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{27}$", token);
    }

    [Fact]
    public void The_same_contact_and_alert_always_get_the_same_token_so_a_retried_sms_is_the_same_text()
    {
        Assert.Equal(Tokens.TokenFor(Alert, Sister), new AlertPageTokens(Key).TokenFor(Alert, Sister));
    }

    [Fact]
    public void Each_contact_of_an_alert_gets_their_own_link()
    {
        Assert.NotEqual(Tokens.TokenFor(Alert, Sister), Tokens.TokenFor(Alert, Brother));
        Assert.NotEqual(Tokens.LinkIdFor(Alert, Sister), Tokens.LinkIdFor(Alert, Brother));
        Assert.NotEqual(Tokens.TokenFor(Alert, Sister), Tokens.TokenFor(Guid.NewGuid(), Sister));
    }

    [Fact]
    public void A_token_names_its_link_id()
    {
        Assert.Equal(Tokens.LinkIdFor(Alert, Sister), Tokens.LinkIdOf(Tokens.TokenFor(Alert, Sister)));
    }

    [Fact]
    public void Any_character_changed_makes_a_token_invalid()
    {
        var token = Tokens.TokenFor(Alert, Sister);

        for (var index = 0; index < token.Length - 1; index++)
        {
            var changed = token.ToCharArray();
            changed[index] = changed[index] == 'A' ? 'B' : 'A';
            Assert.Null(Tokens.LinkIdOf(new string(changed)));
        }
    }

    [Fact]
    public void A_token_signed_with_another_key_is_invalid()
    {
        var otherKey = new AlertPageTokens([.. Key.Select(b => (byte)(b ^ 0xFF))]);

        Assert.Null(Tokens.LinkIdOf(otherKey.TokenFor(Alert, Sister)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AbCdEfGhIjKlMnOpQrStUvWxYz0A")]
    public void Malformed_tokens_are_invalid(string? token)
    {
        Assert.Null(Tokens.LinkIdOf(token));
    }

    [Fact]
    public void A_key_shorter_than_32_bytes_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlertPageTokens(new byte[31]));
    }

    [Fact]
    public void The_service_refuses_to_start_without_a_strong_key_or_with_a_link_too_long_for_the_sms()
    {
        var good = new AlertPageSettings { SigningKey = Convert.ToBase64String(Key), BaseUrl = new Uri("https://alerte.example.org") };

        Assert.Null(good.Problem());
        Assert.Contains("SigningKey must be set", new AlertPageSettings { BaseUrl = good.BaseUrl }.Problem(), StringComparison.Ordinal);
        Assert.Contains("at least 32 bytes",
            new AlertPageSettings { SigningKey = Convert.ToBase64String(new byte[16]), BaseUrl = good.BaseUrl }.Problem(), StringComparison.Ordinal);
        Assert.Contains("at least 32 bytes", new AlertPageSettings { SigningKey = "not base64!", BaseUrl = good.BaseUrl }.Problem(),
            StringComparison.Ordinal);
        Assert.Contains("BaseUrl", new AlertPageSettings { SigningKey = good.SigningKey }.Problem(), StringComparison.Ordinal);
        Assert.Contains("too long", new AlertPageSettings
        {
            SigningKey = good.SigningKey,
            BaseUrl = new Uri("https://a-very-long-public-address-for-the-gateway.example.org"),
        }.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_link_is_the_public_base_then_slash_a_then_the_token_and_fits_the_room_the_sms_keeps()
    {
        var settings = new AlertPageSettings { SigningKey = Convert.ToBase64String(Key), BaseUrl = new Uri("https://alerte.example.org/") };

        var link = settings.LinkPrefix() + Tokens.TokenFor(Alert, Sister);

        Assert.StartsWith("https://alerte.example.org/a/", link, StringComparison.Ordinal);
        Assert.True(link.Length <= AlertSmsLayout.MaxPageLinkLength);
    }
}
