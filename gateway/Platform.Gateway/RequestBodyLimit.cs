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
            var limit = largerLimits.FirstOrDefault(entry => context.Request.Path.Equals(entry.Path, StringComparison.OrdinalIgnoreCase))
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
}
