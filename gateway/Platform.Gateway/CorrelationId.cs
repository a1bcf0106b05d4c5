using Platform.ServiceDefaults;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Platform.Gateway;

/// <summary>
/// Every request leaves the gateway with a correlation id (the caller's if it is well-formed, else a new one) that
/// services log and problem details echo, so one support ticket finds one request.
/// </summary>
public static partial class CorrelationId
{
    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var supplied = context.Request.Headers[ProblemDetailsDefaults.CorrelationIdHeader].ToString();
        var correlationId = WellFormed().IsMatch(supplied) ? supplied : Guid.CreateVersion7().ToString();
        context.Request.Headers[ProblemDetailsDefaults.CorrelationIdHeader] = correlationId;
        context.Response.Headers[ProblemDetailsDefaults.CorrelationIdHeader] = correlationId;
        Activity.Current?.SetTag("correlation.id", correlationId);
        await next(context);
    });

    // Anything else is replaced: a header is no place for a phone number or a script.
    [GeneratedRegex("^[A-Za-z0-9-]{8,64}$")]
    private static partial Regex WellFormed();
}
