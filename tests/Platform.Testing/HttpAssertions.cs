using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Platform.Testing;

/// <summary>Reading answers and checking refusals the same way in every test project.</summary>
public static class HttpAssertions
{
    public static async Task<JsonObject> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>An RFC 7807 answer with this status (and type, when given); returns the problem for further checks.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        if (type is not null)
        {
            Assert.Equal(type, problem["type"]!.GetValue<string>());
        }
        return problem;
    }
}
