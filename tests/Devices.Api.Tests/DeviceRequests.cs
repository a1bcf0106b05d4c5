using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Platform.Devices.Api.Tests;

public static class DeviceRequests
{
    public static string NewSerial() => $"BTN-{Guid.NewGuid():N}";

    public static HttpRequestMessage Provision(string serial, Guid associationId, string model = "Flic 2") =>
        new(HttpMethod.Post, "/api/devices") { Content = JsonContent.Create(new { serial, model, associationId }) };

    public static HttpRequestMessage Pair(Guid deviceId, Guid beneficiaryId) =>
        new(HttpMethod.Post, $"/api/devices/{deviceId}/pairing") { Content = JsonContent.Create(new { beneficiaryId }) };

    public static HttpRequestMessage Read(Guid deviceId) => new(HttpMethod.Get, $"/api/devices/{deviceId}");

    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        if (type is not null)
        {
            Assert.Equal(type, problem["type"]!.GetValue<string>());
        }
        return problem;
    }
}
