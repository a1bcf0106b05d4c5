using System.Text.RegularExpressions;

namespace Platform.Alerts.Api.Tests;

/// <summary>Comparing two answers that must not be told apart (a duress and the real thing), ids and dates aside.</summary>
internal static partial class IdenticalAnswers
{
    /// <summary>Every header but those that differ on any two requests (date, correlation, trace, length).</summary>
    public static List<string> ComparableHeaders(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers)
            .Where(header => header.Key is not ("Date" or "X-Correlation-Id" or "Content-Length")
                && !header.Key.Contains("trace", StringComparison.OrdinalIgnoreCase))
            .Select(header => $"{header.Key}: {string.Join(",", header.Value)}")
            .Order(StringComparer.Ordinal)];

    /// <summary>Ids, dates and a problem's trace id (every request has its own) replaced by placeholders.</summary>
    public static string Masked(string json) => TraceIds().Replace(Dates().Replace(Ids().Replace(json, "<id>"), "<date>"), "\"traceId\":\"<trace>\"");

    /// <summary>The two answers cannot be told apart: status code, headers and body, ids and dates aside.</summary>
    public static async Task AssertIdenticalAsync(HttpResponseMessage real, HttpResponseMessage duress)
    {
        Assert.Equal(real.StatusCode, duress.StatusCode);
        Assert.Equal(ComparableHeaders(real), ComparableHeaders(duress));
        Assert.Equal(Masked(await real.Content.ReadAsStringAsync()), Masked(await duress.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("\"traceId\":\"[0-9a-f]{32}\"")]
    private static partial Regex TraceIds();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Ids();

    // An offset may come JSON-escaped ("\u002B00:00") once a body is read and written again.
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|([+-]|\\u002B)\d{2}:\d{2})?")]
    private static partial Regex Dates();
}
