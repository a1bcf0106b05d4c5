using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TwilioSandbox.Tests;

/// <summary>Posting scripts (`POST /sandbox/scripts`) as the notification tests do.</summary>
public static class Scripts
{
    public static async Task PostAsync(WebApplicationFactory<Program> sandbox, object script)
    {
        using var client = sandbox.CreateClient();
        using var response = await client.PostAsJsonAsync("/sandbox/scripts", script);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Statuses written out in a test; a params array keeps the analyzers from asking for a static field.</summary>
    public static string[] Steps(params string[] statuses) => statuses;
}
