using Platform.ServiceDefaults;

namespace Platform.Alerts.Api.Alerts.Triggering;

/// <summary>"At most N a day" for what she starts that is not a real alert (drills, safety timers): a refusal says when to retry.</summary>
public static class DailyLimit
{
    /// <param name="startedAt">When the earlier ones started (any order, older ones ignored).</param>
    public static void Refuse(IEnumerable<DateTimeOffset> startedAt, int limit, DateTimeOffset now, string type, string title, string detail)
    {
        var lastDay = startedAt.Where(at => at > now.AddDays(-1)).Order().ToList();
        if (lastDay.Count >= limit)
        {
            throw new ProblemException(StatusCodes.Status429TooManyRequests, type, title, detail)
            {
                RetryAfter = lastDay[^limit].AddDays(1) - now,
            };
        }
    }
}
