using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace Platform.ServiceDefaults;

/// <summary>RFC 7807 for every error: a client's mistake is a 4xx with a stable type, never a 5xx.</summary>
public static class ProblemDetailsDefaults
{
    public const string CorrelationIdHeader = "X-Correlation-Id";

    public static WebApplicationBuilder AddPlatformProblemDetails(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var http = context.HttpContext;
            context.ProblemDetails.Instance ??= http.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            if (http.Request.Headers.TryGetValue(CorrelationIdHeader, out var correlationId))
            {
                context.ProblemDetails.Extensions["correlationId"] = correlationId.ToString();
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        return builder;
    }

    public static WebApplication UsePlatformProblemDetails(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Turns bare 401/404/405/413/415 answers (no body) into problem details.
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Maps refusals and malformed requests to their 4xx; anything else stays a 500 without details.</summary>
    private sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            var (status, type, title, detail) = exception switch
            {
                ProblemException refused => (refused.Status, refused.Type, refused.Title, refused.Detail),
                BadHttpRequestException bad => (bad.StatusCode, ProblemTypes.MalformedRequest,
                    "The request could not be read.", "The body is not valid JSON of the expected shape, or is too large."),
                _ => (StatusCodes.Status500InternalServerError, ProblemTypes.Unexpected,
                    "An unexpected error occurred.", (string?)null),
            };
            if (status >= StatusCodes.Status500InternalServerError)
            {
                // A handled exception is not logged by the middleware: an unexpected one must still reach the on-call SRE.
                logger.LogError(exception, "Unexpected failure answering {Method} {Path}.", httpContext.Request.Method, httpContext.Request.Path);
            }
            httpContext.Response.StatusCode = status;
            if (exception is ProblemException { RetryAfter: { } retryAfter })
            {
                httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(
                    System.Globalization.CultureInfo.InvariantCulture);
            }
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
            });
        }
    }
}

/// <summary>A refusal the caller can act on, raised by a slice and written as problem details.</summary>
public sealed class ProblemException(int status, string type, string title, string? detail = null) : Exception(title)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;

    /// <summary>Sent as Retry-After (whole seconds) on a 429 or 503: when asking again can succeed.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"{what} was not found.");

    public static ProblemException Conflict(string type, string title, string? detail = null) =>
        new(StatusCodes.Status409Conflict, type, title, detail);

    public static ProblemException Unprocessable(string type, string title, string? detail = null) =>
        new(StatusCodes.Status422UnprocessableEntity, type, title, detail);
}

/// <summary>Stable problem type references; clients switch on them, so they never change meaning.</summary>
public static class ProblemTypes
{
    public const string NotFound = "/problems/not-found";
    public const string MalformedRequest = "/problems/malformed-request";
    public const string Validation = "/problems/validation";
    public const string Unexpected = "/problems/unexpected";
    public const string MissingIdempotencyKey = "/problems/missing-idempotency-key";
}
