using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Alerts.Api.Tests;

public static class AlertRequests
{
    public static HttpRequestMessage Press(Guid deviceId, string? pressId = null, double latitude = 45.7772, string? traceparent = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/alerts")
        {
            Content = JsonContent.Create(new
            {
                deviceId,
                pressPattern = "doubleClick",
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

}
