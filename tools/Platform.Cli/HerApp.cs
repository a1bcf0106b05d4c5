using Platform.ServiceDefaults.Authentication;
using System.Net.Http.Json;

namespace Platform.Cli;

/// <summary>What her app does with the activation code her association gave her (README "Her app signs in").</summary>
public static class HerApp
{
    public const string ClientId = "platform-app";
    public const string ActivationGrant = "urn:platform:activation_code";

    /// <returns>Her access token.</returns>
    public static async Task<string> ActivateAsync(HttpClient gateway, string code)
    {
        using var response = await gateway.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["grant_type"] = ActivationGrant,
                ["client_id"] = ClientId,
                ["activation_code"] = code,
                ["scope"] = "offline_access",
            }));
        var tokens = await response.Content.ReadFromJsonAsync<DevelopmentTokenClient.TokenResponse>();
        return response.IsSuccessStatusCode && tokens?.AccessToken is { } access
            ? access
            : throw new DemoCommand.DemoFailedException($"her activation code was refused: {tokens?.Error} {tokens?.ErrorDescription}");
    }
}
