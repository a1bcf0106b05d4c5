namespace Platform.Evidence.Contracts;

// Every integration event carries its id, when it happened, the association (tenant) and the ids it is about.
// A breaking change is a new type, never an edit of this one. No audio, no beneficiary id: nothing here identifies her.

/// <summary>
/// A recording made during an alert was sealed: its signed manifest now proves the chunks it lists were not altered.
/// </summary>
/// <param name="ManifestSha256">Lowercase hex SHA-256 of manifest.json, the exact bytes the platform signed.</param>
/// <param name="Chunks">Chunks the manifest proves (the contiguous run from the first; a gap ends it).</param>
/// <param name="Complete">False when chunks after a gap were left out, or the recording was sealed because it went quiet.</param>
public sealed record EvidenceSealed(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid AlertId,
    Guid RecordingId,
    DateTimeOffset StartedAt,
    DateTimeOffset SealedAt,
    int Chunks,
    long Bytes,
    string ManifestSha256,
    string SigningKeyId,
    bool Complete);

/// <summary>
/// Her own app asked to erase all her recordings: they go when <paramref name="ErasesAt"/> comes, unless her association
/// places a legal hold first (whoever holds her phone may be destroying the evidence against him).
/// </summary>
/// <remarks>Her id, unlike the other events here: her association must know whose evidence is about to go.</remarks>
public sealed record EvidenceErasureRequested(
    Guid EventId,
    DateTimeOffset OccurredAt,
    Guid AssociationId,
    Guid BeneficiaryId,
    Guid ErasureId,
    DateTimeOffset ErasesAt);
