using Marten;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>
/// The record that a consumer applied a message, stored in the same transaction as its effect: at-least-once
/// delivery becomes exactly-once effect.
/// </summary>
public sealed record ProcessedMessage(string Id, DateTimeOffset ProcessedAt);

public static class ProcessedMessages
{
    public static async Task<bool> AlreadyProcessedAsync(this IQuerySession session, string consumer, Guid messageId, CancellationToken cancellationToken) =>
        await session.LoadAsync<ProcessedMessage>(Key(consumer, messageId), cancellationToken) is not null;

    /// <summary>Insert, not upsert: a concurrent duplicate fails the whole transaction instead of applying twice.</summary>
    public static void MarkProcessed(this IDocumentOperations session, string consumer, Guid messageId, DateTimeOffset at) =>
        session.Insert(new ProcessedMessage(Key(consumer, messageId), at));

    /// <summary>The record's id: several can be read at once (a batch) with LoadMany.</summary>
    public static string Key(string consumer, Guid messageId) => $"{consumer}/{messageId}";
}
