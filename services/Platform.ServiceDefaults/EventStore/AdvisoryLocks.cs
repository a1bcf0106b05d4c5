using Marten;

namespace Platform.ServiceDefaults.EventStore;

/// <summary>Serializes writers of one subject across replicas, for the length of the session's transaction.</summary>
public static class AdvisoryLocks
{
    /// <summary>Opens the session's transaction and waits for the subject's lock; committing or rolling back releases it.</summary>
    public static async Task LockForTransactionAsync(IDocumentSession session, Guid subjectId, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand("select pg_advisory_xact_lock($1)", session.Connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = LockKey(subjectId) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The id folded to PostgreSQL's 64-bit advisory lock key (a collision only makes two writers wait).</summary>
    public static long LockKey(Guid subjectId)
    {
        Span<byte> bytes = stackalloc byte[16];
        subjectId.TryWriteBytes(bytes);
        return BitConverter.ToInt64(bytes[..8]) ^ BitConverter.ToInt64(bytes[8..]);
    }
}
