using Microsoft.AspNetCore.Http.Features;
using Platform.ServiceDefaults;

namespace Platform.Gateway;

/// <summary>
/// Refuses oversized bodies at the door with a 413 problem, so a flood of large requests never reaches the alert path.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var defaultLimit = configuration.GetValue("Gateway:MaxRequestBodyBytes", 64 * 1024L);
        // A few routes take files (a region's CSV of buttons): they name their own, larger limit.
        var largerLimits = configuration.GetSection("Gateway:LargerBodyLimits").GetChildren()
            .Select(entry => (Path: entry["Path"] ?? "", Bytes: long.Parse(entry["Bytes"] ?? "0", System.Globalization.CultureInfo.InvariantCulture)))
            .Where(entry => entry.Path.Length > 0)
            .ToList();
        return app.Use(async (context, next) =>
        {
            var limit = largerLimits.FirstOrDefault(entry => Matches(entry.Path, context.Request.Path))
                is { Bytes: > 0 } larger ? larger.Bytes : defaultLimit;
            if (context.Request.ContentLength > limit)
            {
                throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "/problems/body-too-large",
                    "The request body is too large.", $"At most {limit} bytes.");
            }
            // Bodies without a length (chunked) are cut by Kestrel at the same limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            await next(context);
        });
    }

    /// <summary>A configured path matches segment by segment; "*" stands for one segment (a recording id, a chunk number).</summary>
    public static bool Matches(string pattern, PathString path)
    {
        var expected = pattern.Split('/');
        var actual = (path.Value ?? "").Split('/');
        return expected.Length == actual.Length
            && expected.Zip(actual).All(pair => pair.First == "*" ? pair.Second.Length > 0 : pair.First.Equals(pair.Second, StringComparison.OrdinalIgnoreCase));
    }
}
