using Microsoft.AspNetCore.Components.Authorization;
using Platform.OperatorConsole.Signing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.OperatorConsole.Gateway;

/// <summary>Her session is over (signed out elsewhere, revoked, expired): the page sends her to sign in again.</summary>
public sealed class SessionEndedException : Exception
{
    public SessionEndedException()
        : base("The staff member's session has ended.")
    {
    }
}

/// <summary>What the API answered when it refused: its problem details, for the screen to say in words.</summary>
public sealed record ApiProblem(HttpStatusCode Status, string? Type, string? Title, string? Detail);

/// <summary>
/// The platform's API through the gateway, with the signed-in staff member's own token: the console holds no rights of
/// its own, so every tenant and role check stays where it is (an operator sees her association only, the existing 404).
/// </summary>
public sealed class PlatformGateway(IHttpClientFactory clients, ConsoleSessions sessions, AuthenticationStateProvider authentication)
{
    public const string HttpClientName = "gateway";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
    }

    /// <returns>Null when done, else the API's problem (a 412 when someone changed it first, a 422 ...).</returns>
    public async Task<ApiProblem?> PostAsync(string path, object? body, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : JsonContent.Create(body, options: Json),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        }
        using var response = await SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? null : await ProblemOfAsync(response, cancellationToken);
    }

    /// <summary>A change whose answer the screen shows (a new woman's record, an activation code); else the API's problem.</summary>
    public async Task<(T? Value, ApiProblem? Problem)> PostForAsync<T>(string path, object? body, CancellationToken cancellationToken = default)
        where T : class
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        using var response = await SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null)
            : (null, await ProblemOfAsync(response, cancellationToken));
    }

    /// <summary>A read that also returns the version its ETag names (for a change sent back with If-Match).</summary>
    public async Task<(T Value, string? ETag)> GetWithVersionAsync<T>(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        await ThrowIfRefusedAsync(response, cancellationToken);
        return ((await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!, response.Headers.ETag?.ToString());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var token = await sessions.AccessTokenAsync(user.FindFirstValue(ConsoleSessions.SessionClaim), cancellationToken)
            ?? throw new SessionEndedException();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (request)
        {
            var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                response.Dispose();
                throw new SessionEndedException();
            }
            return response;
        }
    }

    private static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiRefusedException(await ProblemOfAsync(response, cancellationToken));
        }
    }

    private static async Task<ApiProblem> ProblemOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            return new ApiProblem(response.StatusCode, Text(problem, "type"), Text(problem, "title"), Text(problem, "detail"));
        }
        catch (JsonException)
        {
            return new ApiProblem(response.StatusCode, null, null, null);
        }

        static string? Text(JsonElement problem, string name) =>
            problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString() : null;
    }
}

public sealed class ApiRefusedException(ApiProblem problem) : Exception($"The API refused: {(int)problem.Status} {problem.Title}")
{
    public ApiProblem Problem { get; } = problem;
}

public static class PlatformGatewayRegistration
{
    public static WebApplicationBuilder AddPlatformGateway(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(PlatformGateway.HttpClientName, (services, client) =>
        {
            client.BaseAddress = services.GetRequiredService<ConsoleOptions>().Gateway;
            client.Timeout = TimeSpan.FromSeconds(15);
        });
        builder.Services.AddScoped<PlatformGateway>();
        return builder;
    }
}
