using Platform.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests;

/// <summary>Her app as app developers build it (README "Her app signs in"): the activation code exchange and refreshes, through the gateway.</summary>
public static class HerApp
{
    public const string ClientId = "platform-app";
    public const string ActivationGrant = "urn:platform:activation_code";

    public sealed record Tokens(string Access, string Refresh, int ExpiresIn);

    /// <summary>Her association's operator makes a one-time code (once the identity service has heard of her enrolment).</summary>
    public static async Task<JsonObject> ActivationCodeAsync(HttpClient gateway, Beneficiary she) =>
        await Eventually.ValueAsync(async () =>
        {
            using var response = await Scenario.RequestAsync(gateway, HttpMethod.Post,
                $"/api/identity/beneficiaries/{she.BeneficiaryId}/activation-codes", she.OperatorToken, null);
            return response.StatusCode == HttpStatusCode.OK
                ? (true, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject())
                : (false, null!);
        }, "the identity service to know her and give a code");

    public static Task<HttpResponseMessage> ExchangeAsync(HttpClient gateway, string code) =>
        TokenRequestAsync(gateway, new()
        {
            ["grant_type"] = ActivationGrant, ["client_id"] = ClientId, ["activation_code"] = code, ["scope"] = "offline_access",
        });

    public static Task<HttpResponseMessage> RefreshAsync(HttpClient gateway, string refreshToken) =>
        TokenRequestAsync(gateway, new() { ["grant_type"] = "refresh_token", ["client_id"] = ClientId, ["refresh_token"] = refreshToken });

    /// <summary>A new phone enrolled: a new code from her association, exchanged for tokens.</summary>
    public static async Task<Tokens> EnrolAsync(HttpClient gateway, Beneficiary she)
    {
        var code = await ActivationCodeAsync(gateway, she);
        using var response = await ExchangeAsync(gateway, code["code"]!.GetValue<string>());
        return await TokensFromAsync(response);
    }

    public static async Task<Tokens> TokensFromAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var json = JsonNode.Parse(body)!;
        return new(json["access_token"]!.GetValue<string>(), json["refresh_token"]!.GetValue<string>(), json["expires_in"]!.GetValue<int>());
    }

    /// <summary>The access token's claims, read as a service reads them once the signature is checked.</summary>
    public static JsonObject Claims(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)))!.AsObject();
    }

    /// <summary>Token requests share the door's sign-in limit with every test on this address: wait out a 429 as an app does.</summary>
    private static async Task<HttpResponseMessage> TokenRequestAsync(HttpClient gateway, Dictionary<string, string> form)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await gateway.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form));
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 10)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait);
        }
    }

    public static Task<JsonObject?> ReadErrorAsync(HttpResponseMessage response) => response.Content.ReadFromJsonAsync<JsonObject>();
}
