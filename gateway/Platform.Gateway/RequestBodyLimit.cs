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
        var limit = app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue("Gateway:MaxRequestBodyBytes", 64 * 1024L);
        return app.Use(async (context, next) =>
        {
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
