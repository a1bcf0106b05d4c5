using System.Net.Http.Json;
using Platform.Testing;
using System.Text.Json.Nodes;

namespace Platform.Alerts.Api.Tests;

public static class AlertRequests
{
    public static HttpRequestMessage Press(Guid deviceId, string? pressId = null, double latitude = 45.7772, string? traceparent = null,
        string pattern = "doubleClick")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = JsonContent.Create(new
            {
                deviceId,
                pressPattern = pattern,
                location = new { latitude, longitude = 3.0870, accuracyMeters = 12.5, capturedAt = DateTimeOffset.UtcNow },
            }),
        };
        request.Headers.Add("Idempotency-Key", pressId ?? $"press-{Guid.NewGuid():N}");
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        return request;
    }

    public static HttpRequestMessage Resolve(Guid alertId, string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{alertId}/resolution") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }
        return request;
    }

    public static HttpRequestMessage Locations(Guid alertId, params object[] fixes) =>
        new(HttpMethod.Post, $"/api/alerts/{alertId}/locations") { Content = JsonContent.Create(new { fixes }) };

    public static object Fix(DateTimeOffset capturedAt, double latitude = 45.78, double longitude = 3.09, double accuracyMeters = 8) =>
        new { latitude, longitude, accuracyMeters, capturedAt };

    public static async Task<Guid> TriggerAsync(PairedBeneficiary she)
    {
        using var response = await she.She.SendAsync(Press(she.DeviceId));
        Xunit.Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.ReadJsonAsync())["alertId"]!.GetValue<Guid>();
    }

    /// <summary>An operator resolves the alert as she last read it; the answer must be 200.</summary>
    public static async Task ResolveAsync(HttpClient herOperator, Guid alertId, object body)
    {
        using var response = await herOperator.SendAsync(Resolve(alertId, await ETagAsync(herOperator, alertId), body));
        Xunit.Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The alert's current ETag, as an operator reads it before deciding.</summary>
    public static async Task<string> ETagAsync(HttpClient client, Guid alertId)
    {
        using var response = await client.GetAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return response.Headers.ETag!.ToString();
    }
}
