using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Benchmarks.AlertPath;

/// <summary>The platform's public API as the apps call it: bearer tokens, idempotency keys, trace context.</summary>
public sealed class Gateway(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, string token, object? body)
    {
        using var request = Request(method, path, token, body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text)!.AsObject()
            : throw new HttpRequestException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    }

    public async Task<HttpStatusCode> StatusOfAsync(HttpMethod method, string path, string token, object? body, string? key = null,
        string? traceparent = null)
    {
        using var request = Request(method, path, token, body, key, traceparent);
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response.StatusCode;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body, string? key = null,
        string? traceparent = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    /// <summary>A press as her app sends it, from a fixed spot (the SMS text does not depend on the press).</summary>
    public static object Press(Guid deviceId, DateTimeOffset capturedAt) => new
    {
        deviceId,
        pressPattern = "doubleClick",
        location = new { latitude = 45.7772, longitude = 3.087, accuracyMeters = 10, capturedAt },
    };
}
