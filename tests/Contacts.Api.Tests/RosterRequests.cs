using System.Net.Http.Json;

namespace Platform.Contacts.Api.Tests;

public static class RosterRequests
{
    public static HttpRequestMessage ReplaceRoster(params object[] members) =>
        new(HttpMethod.Put, "/api/associations/roster") { Content = JsonContent.Create(new { members }) };

    public static object Member(Guid operatorId, string name, string phone, params object[] shifts) => new { operatorId, name, phone, shifts };

    public static object Shift(string day, string start, string end, string? timeZone = null) => new { day, start, end, timeZone };

    public static HttpRequestMessage ReadRoster(Guid? associationId = null) =>
        new(HttpMethod.Get, "/api/associations/roster" + (associationId is { } id ? $"?associationId={id}" : ""));

    public static HttpRequestMessage OnCall(DateTimeOffset? at = null, Guid? associationId = null)
    {
        var query = new List<string>();
        if (at is { } when)
        {
            query.Add($"at={Uri.EscapeDataString(when.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}");
        }
        if (associationId is { } id)
        {
            query.Add($"associationId={id}");
        }
        return new(HttpMethod.Get, "/api/associations/roster/on-call" + (query.Count > 0 ? "?" + string.Join('&', query) : ""));
    }

    public static HttpRequestMessage Readiness() => new(HttpMethod.Get, "/api/associations/roster/readiness");
}
