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


}
