using Platform.Testing;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Her app enrolled with a one-time code from her association, its tokens renewed and rotated, and cut off when her phone
/// is in his hands or copied: through the gateway, on the whole stack.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SigningInHerApp(PlatformStack stack)
{
    private static readonly string[] RevocationEvents = ["app.sessions_revoked"];

    [Fact]
    public async Task Her_app_exchanges_a_one_time_code_for_short_tokens_that_name_her_and_her_association_and_rotate()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();

        var issued = await HerApp.ActivationCodeAsync(gateway, she);
        var code = issued["code"]!.GetValue<string>();
        Assert.Matches("^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$", code);
        Assert.InRange(issued["expiresAt"]!.GetValue<DateTimeOffset>() - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        Assert.StartsWith("<svg", issued["qrSvg"]!.GetValue<string>().TrimStart(), StringComparison.Ordinal);
        Assert.EndsWith(code, issued["qrContent"]!.GetValue<string>(), StringComparison.Ordinal);
        // Another association cannot make a code for her, nor learn that she exists.
        using (var foreign = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/identity/beneficiaries/{she.BeneficiaryId}/activation-codes",
            stack.Tokens.Operator(Guid.CreateVersion7()), null))
        {
            await HttpAssertions.AssertProblemAsync(foreign, HttpStatusCode.NotFound);
        }

        // Typed as she would read it out: lower case, no dash.
        using var exchanged = await HerApp.ExchangeAsync(gateway, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        var tokens = await HerApp.TokensFromAsync(exchanged);
        Assert.InRange(tokens.ExpiresIn, 1, 600);
        var claims = HerApp.Claims(tokens.Access);
        Assert.Equal((she.BeneficiaryId.ToString(), "beneficiary", she.AssociationId.ToString(), $"{stack.Gateway}", "platform"),
            (claims["sub"]!.GetValue<string>(), claims["role"]!.GetValue<string>(), claims["association_id"]!.GetValue<string>(),
                claims["iss"]!.GetValue<string>(), claims["aud"]!.GetValue<string>()));
        Assert.True(Guid.TryParse(claims["sid"]!.GetValue<string>(), out _));
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, tokens.Access));

        // Used once: the same code again is refused, with the one answer unknown and expired codes get.
        using (var again = await HerApp.ExchangeAsync(gateway, code))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Equal("invalid_grant", (await HerApp.ReadErrorAsync(again))!["error"]!.GetValue<string>());
        }

        // A refresh gives a new pair: the refresh token rotates, the session stays the same.
        using var refreshed = await HerApp.RefreshAsync(gateway, tokens.Refresh);
        var renewed = await HerApp.TokensFromAsync(refreshed);
        Assert.NotEqual(tokens.Refresh, renewed.Refresh);
        Assert.Equal(claims["sid"]!.GetValue<string>(), HerApp.Claims(renewed.Access)["sid"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, renewed.Access));
    }

    [Fact]
    public async Task A_seized_phone_is_refused_everywhere_within_a_minute_while_her_new_phone_presses_throughout()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        using var alerts = stack.ServiceClient("alerts");
        await using var receiver = await ListeningAsync(she);
        var seized = await HerApp.EnrolAsync(gateway, she);
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, seized.Access));

        var clock = Stopwatch.StartNew();
        var revocation = await Scenario.SendAsync(gateway, HttpMethod.Post, $"/api/identity/beneficiaries/{she.BeneficiaryId}/app-sessions/revocation",
            she.OperatorToken, null, HttpStatusCode.OK);
        Assert.Equal(1, revocation["revoked"]!.GetValue<int>());
        // Her new phone, enrolled at once: its presses never wait for anything.
        var newPhone = await HerApp.EnrolAsync(gateway, she);
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, newPhone.Access));

        // The seized phone's token, still signed and in date, is refused at the door and at a service reached directly.
        await Eventually.TrueAsync(async () =>
        {
            using var atTheGateway = await Scenario.RequestAsync(gateway, HttpMethod.Get, "/api/alerts/settings", seized.Access, null);
            using var atTheService = await Scenario.RequestAsync(alerts, HttpMethod.Get, "/api/alerts/settings", seized.Access, null);
            return atTheGateway.StatusCode == HttpStatusCode.Unauthorized && atTheService.StatusCode == HttpStatusCode.Unauthorized;
        }, "the seized phone's token to be refused everywhere", TimeSpan.FromSeconds(60));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(revocation["refusedEverywhereWithinSeconds"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Unauthorized, await PressAsync(gateway, she, seized.Access));
        using (var renewal = await HerApp.RefreshAsync(gateway, seized.Refresh))
        {
            Assert.Equal(HttpStatusCode.BadRequest, renewal.StatusCode);
        }
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, newPhone.Access));

        var sessions = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/identity/beneficiaries/{she.BeneficiaryId}/app-sessions",
            she.OperatorToken, null, HttpStatusCode.OK, array: true);
        Assert.Equal(["", "PhoneSeized"], sessions.AsArray().Select(s => s!["revokedBecause"]?.GetValue<string>() ?? "").Order());
        var told = await SingleDeliveryAsync(receiver);
        Assert.Equal((she.BeneficiaryId, "phoneSeized"), (told["beneficiaryId"]!.GetValue<Guid>(), told["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_refresh_token_used_again_after_the_retry_leeway_signs_her_app_out_everywhere_and_tells_her_association()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        await using var receiver = await ListeningAsync(she);
        var first = await HerApp.EnrolAsync(gateway, she);
        using var refreshed = await HerApp.RefreshAsync(gateway, first.Refresh);
        var second = await HerApp.TokensFromAsync(refreshed);

        // Within the leeway, the old token again is her phone retrying an answer it lost: it still works.
        using (var retry = await HerApp.RefreshAsync(gateway, first.Refresh))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }
        await Task.Delay(PlatformStack.RefreshTokenReuseLeeway + TimeSpan.FromSeconds(1));
        // After it, the old token is a copy of her session in other hands.
        using (var copied = await HerApp.RefreshAsync(gateway, first.Refresh))
        {
            Assert.Equal(HttpStatusCode.BadRequest, copied.StatusCode);
        }

        using (var renewal = await HerApp.RefreshAsync(gateway, second.Refresh))
        {
            Assert.Equal(HttpStatusCode.BadRequest, renewal.StatusCode);
        }
        await Eventually.TrueAsync(async () => await PressAsync(gateway, she, second.Access) == HttpStatusCode.Unauthorized,
            "the session's access token to be refused", TimeSpan.FromSeconds(60));
        var told = await SingleDeliveryAsync(receiver);
        Assert.Equal((she.BeneficiaryId, "refreshTokenReused"), (told["beneficiaryId"]!.GetValue<Guid>(), told["reason"]!.GetValue<string>()));
        // Her association gives her a new code; her app is back.
        var again = await HerApp.EnrolAsync(gateway, she);
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, again.Access));
    }

    [Fact]
    public async Task Guessing_activation_codes_is_throttled_at_the_door_while_her_presses_go_through()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        using var gateway = stack.Client();
        var answers = new List<HttpStatusCode>();
        for (var guess = 0; guess < 40 && !answers.Contains(HttpStatusCode.TooManyRequests); guess++)
        {
            using var response = await gateway.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(
                new Dictionary<string, string>
                {
                    ["grant_type"] = HerApp.ActivationGrant, ["client_id"] = HerApp.ClientId, ["activation_code"] = $"AAAAA-{guess:D5}",
                }));
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
        Assert.All(answers[..^1], status => Assert.Equal(HttpStatusCode.BadRequest, status));
        // The door is shut to guesses, not to her: her press goes through at once.
        Assert.Equal(HttpStatusCode.Accepted, await PressAsync(gateway, she, she.Token));
    }

    private static async Task<HttpStatusCode> PressAsync(HttpClient gateway, Beneficiary she, string token)
    {
        using var press = await Scenario.RequestAsync(gateway, HttpMethod.Post, "/api/alerts", token, Scenario.Press(she),
            idempotencyKey: $"press-{Guid.NewGuid():N}");
        return press.StatusCode;
    }

    private async Task<WebhookReceiver> ListeningAsync(Beneficiary she)
    {
        var receiver = await WebhookReceiver.StartAsync();
        using var gateway = stack.Client();
        await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/webhooks/endpoints", stack.Tokens.AssociationAdmin(she.AssociationId),
            new { url = receiver.Address.ToString(), eventTypes = RevocationEvents, description = "suivi" }, HttpStatusCode.Created);
        return receiver;
    }

    private static async Task<JsonNode> SingleDeliveryAsync(WebhookReceiver receiver)
    {
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count > 0), "the app.sessions_revoked webhook");
        return JsonNode.Parse(Assert.Single(receiver.Accepted).Body)!["data"]!;
    }
}
