using Platform.TwilioSandbox.Recording;

namespace Platform.TwilioSandbox.Messages;

/// <summary>One accepted message in as few bytes as a load test can read it.</summary>
/// <param name="Sequence">Its place among every message accepted: 1, 2, 3... (never reused).</param>
/// <param name="ReceivedAt">When the request arrived, to the microsecond (a monotonic clock anchored to UTC at start).</param>
/// <param name="TraceId">The trace id of the request's traceparent: which press (or test) the message belongs to.</param>
public sealed record MessageReceipt(long Sequence, string Sid, string To, DateTimeOffset ReceivedAt, string? TraceId);

/// <summary>
/// `GET /sandbox/messages/receipts?after={sequence}&amp;limit={n}`: the messages accepted after a sequence, oldest first,
/// so a benchmark pages through everything received without reading it twice. A first sequence above after + 1 means
/// the ones between were dropped (Sandbox:MaxRecords).
/// </summary>
public static class MessageReceipts
{
    public const int DefaultLimit = 1_000;
    public const int MaxLimit = 10_000;

    public static IResult Handle(long? after, int? limit, RecordLog<RecordedMessage> messages)
    {
        var page = limit ?? DefaultLimit;
        if (after is < 0 || page is < 1 or > MaxLimit)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [after is < 0 ? "after" : "limit"] = [after is < 0 ? "A sequence, 0 for the first page." : $"From 1 to {MaxLimit}."],
            });
        }

        var receipts = messages.After(after ?? 0, page)
            .Select(entry => new MessageReceipt(entry.Sequence, entry.Record.Sid, entry.Record.To, entry.Record.ReceivedAt,
                TraceIdOf(entry.Record.Traceparent)))
            .ToList();
        return Results.Ok(receipts);
    }

    /// <summary>"00-{trace id}-{parent id}-{flags}" (W3C Trace Context) gives its 32-hex-digit trace id; anything else none.</summary>
    public static string? TraceIdOf(string? traceparent) =>
        traceparent is { Length: >= 55 } && traceparent[2] == '-' && traceparent[35] == '-' ? traceparent.Substring(3, 32) : null;
}
