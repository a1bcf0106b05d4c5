using System.Net.Http.Json;
using System.Text;

namespace Platform.Devices.Api.Tests;

public static class DeviceRequests
{
    public static string NewSerial() => $"BTN-{Guid.NewGuid():N}";

    public static HttpRequestMessage RegisterAssociation(Guid associationId, string code, string name) =>
        new(HttpMethod.Put, $"/api/devices/associations/{associationId}") { Content = JsonContent.Create(new { code, name }) };

    public static HttpRequestMessage Provision(string serial, Guid associationId, string model = "Flic 2") =>
        new(HttpMethod.Post, "/api/devices") { Content = JsonContent.Create(new { serial, model, associationId }) };

    public static HttpRequestMessage Import(string csv) =>
        new(HttpMethod.Post, "/api/devices/imports") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };

    public static HttpRequestMessage List(string query = "") => new(HttpMethod.Get, $"/api/devices{query}");

    public static HttpRequestMessage Pair(Guid deviceId, Guid beneficiaryId) =>
        new(HttpMethod.Post, $"/api/devices/{deviceId}/pairing") { Content = JsonContent.Create(new { beneficiaryId }) };

    public static HttpRequestMessage Unpair(Guid deviceId) => new(HttpMethod.Post, $"/api/devices/{deviceId}/unpairing");

    public static HttpRequestMessage ReportLost(Guid deviceId) => new(HttpMethod.Post, $"/api/devices/{deviceId}/loss-report");

    public static HttpRequestMessage Retire(Guid deviceId) => new(HttpMethod.Post, $"/api/devices/{deviceId}/retirement");

    public static HttpRequestMessage Heartbeat(Guid deviceId, int button = 80, int? phone = 70, bool bluetoothLinked = true,
        string appVersion = "2.4.1") =>
        new(HttpMethod.Post, $"/api/devices/{deviceId}/heartbeats")
        {
            Content = JsonContent.Create(new
            {
                buttonBatteryPercent = button,
                phoneBatteryPercent = phone,
                appVersion,
                bluetoothLinked,
                observedAt = DateTimeOffset.UtcNow,
            }),
        };

    public static HttpRequestMessage Read(Guid deviceId) => new(HttpMethod.Get, $"/api/devices/{deviceId}");
}
