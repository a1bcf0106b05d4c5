using Platform.Evidence.Integrity;

namespace Platform.Evidence.Api.Recordings;

// The custody stream of one recording. Every event names who acted and in what role, because the custody log a court
// reads is made from these events and nothing else.

public sealed record RecordingStarted(
    Guid RecordingId, Guid AssociationId, Guid AlertId, Guid BeneficiaryId, string DeviceId, DateTimeOffset At, string ActorId, string Role);

/// <param name="Sha256">Lowercase hex SHA-256 of the chunk's bytes as uploaded (before encryption).</param>
public sealed record ChunkStored(int Sequence, string Sha256, long Size, AudioFormat Format, DateTimeOffset At, string ActorId, string Role);

/// <param name="ManifestJson">The exact bytes signed: an export ships these, never a re-serialization.</param>
public sealed record RecordingSealed(
    Guid AssociationId, Guid AlertId, DateTimeOffset StartedAt, byte[] ManifestJson, string ManifestSha256, string SignatureKid, string SignatureAlg, string Signature, int Chunks, long Bytes,
    bool Complete, string Why, DateTimeOffset At, string ActorId, string Role);

public sealed record RecordingAccessed(string What, string Reason, DateTimeOffset At, string ActorId, string Role);

public sealed record RecordingExported(string Recipient, string Reason, DateTimeOffset At, string ActorId, string Role);

public sealed record LegalHoldPlaced(string Reason, DateTimeOffset At, string ActorId, string Role);

public sealed record LegalHoldReleased(string Reason, DateTimeOffset At, string ActorId, string Role);
