namespace Platform.Evidence.Api.Recordings;

/// <summary>Which recordings are hers and which alert's: what erasure and retention look up, written with the stream's first event.</summary>
public sealed record RecordingSummary(Guid Id, Guid AlertId, Guid BeneficiaryId, DateTimeOffset StartedAt);

/// <summary>What is left of an erased recording: that it existed, when it went and which proof says so. No content, no owner.</summary>
public sealed record ErasedRecording(Guid Id, Guid ErasureId, DateTimeOffset ErasedAt);
