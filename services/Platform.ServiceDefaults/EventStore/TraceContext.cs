using JasperFx.Events;
using Marten;
using System.Diagnostics;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>Carries the W3C trace context from the request that appended an event to the outbox that publishes it.</summary>
public static class TraceContext
{
    private const string Header = "traceparent";

    /// <summary>Opens a session whose appended events remember the current trace.</summary>
    public static IDocumentSession OpenTracedSession(this IDocumentStore store, string? tenantId = null)
    {
        var session = tenantId is null ? store.LightweightSession() : store.LightweightSession(tenantId);
        if (Activity.Current is { } activity)
        {
            session.SetHeader(Header, activity.Id!);
        }
        return session;
    }

    public static ActivityContext Restore(IEvent committed) =>
        committed.Headers is { } headers && headers.TryGetValue(Header, out var value)
            && ActivityContext.TryParse(value?.ToString(), null, out var context)
            ? context
            : default;
}
