using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Platform.ServiceDefaults.Authentication;
using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Platform.Gateway;

/// <param name="PerSubject">Requests one token subject (a woman's phone, an operator) may make per window.</param>
/// <param name="PerAddress">Requests one client address may make per window, signed in or not. Phones behind a carrier's
/// NAT share an address: it is set well above what a woman's phone does, and never applies to what must always pass.</param>
public sealed class RateLimitOptions
{
    public const string Section = "Gateway:RateLimits";

    [Range(1, 1_000_000)]
    public int PerSubject { get; set; } = 300;

    [Range(1, 10_000_000)]
    public int PerAddress { get; set; } = 3000;

    /// <summary>
    /// Sign-in attempts (token requests: activation codes, refreshes, staff passwords) one address may make per window:
    /// low, because each is a guess an attacker would make by the million. Her presses never pass here.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SignInPerAddress { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Abuse limits at the door (a flood from one token or one address answered 429 with Retry-After and a problem) that
/// can never silence an alert: what must always pass is never limited here.
/// </summary>
public static class RateLimits
{
    public const string TooManyRequestsProblem = "/problems/too-many-requests";

    /// <summary>
    /// Never limited at the door: a press (extra presses join her alert in the alerts service), a cancel (her PIN budget
    /// is the limit), her position during an alert (the alerts service answers 429 and keeps the fixes), the provider's
    /// signed callbacks (an inbound fallback press, a contact's "OK") and the health probes.
    /// </summary>
    public static bool AlwaysPasses(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/callbacks") || path.StartsWithSegments("/health"))
        {
            return true;
        }
        if (!HttpMethods.IsPost(request.Method) || !path.StartsWithSegments("/api/alerts", out var rest))
        {
            return false;
        }
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            [] => true,
            [var alertId, "cancel" or "locations"] => Guid.TryParse(alertId, out _),
            _ => false,
        };
    }

    /// <summary>A guess at a credential: a token request (activation code, refresh token, password) or a login form.</summary>
    public static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.StartsWithSegments("/connect/token") || request.Path.StartsWithSegments("/account"));

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    AlwaysPasses(context.Request) || context.User.FindFirstValue(PlatformClaims.Subject) is not { } subject
                        ? RateLimitPartition.GetNoLimiter("")
                        : RateLimitPartition.GetSlidingWindowLimiter($"subject:{subject}", _ => Window(context, options => options.PerSubject))),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    AlwaysPasses(context.Request)
                        ? RateLimitPartition.GetNoLimiter("")
                        : RateLimitPartition.GetSlidingWindowLimiter($"address:{context.Connection.RemoteIpAddress}",
                            _ => Window(context, options => options.PerAddress))),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    IsSignInAttempt(context.Request)
                        ? RateLimitPartition.GetSlidingWindowLimiter($"sign-in:{context.Connection.RemoteIpAddress}",
                            _ => Window(context, options => options.SignInPerAddress))
                        : RateLimitPartition.GetNoLimiter("")));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                http.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Type = TooManyRequestsProblem,
                        Title = "Too many requests: slow down.",
                        Detail = "Pressing the button always works: alerts, cancels and positions are never limited here.",
                    },
                });
            };
        });
        return builder;
    }

    private static SlidingWindowRateLimiterOptions Window(HttpContext context, Func<RateLimitOptions, int> permits)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        return new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits(options),
            Window = options.Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
