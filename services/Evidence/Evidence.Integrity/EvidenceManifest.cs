using System.Text.Json;

namespace Platform.Evidence.Integrity;

public sealed record ManifestChunk(long Sequence, string Sha256, long Size, DateTimeOffset ReceivedAt);

/// <summary>
/// What the platform attests about one recording. Its canonical bytes are what gets signed, and what a court
/// hashes: the same manifest always gives the same bytes.
/// </summary>
public sealed record EvidenceManifest(
    int ManifestVersion,
    Guid RecordingId,
    Guid AlertId,
    string BeneficiaryPseudonym,
    string DeviceId,
    AudioFormat Format,
    IReadOnlyList<ManifestChunk> Chunks,
    DateTimeOffset StartedAt,
    DateTimeOffset SealedAt,
    string ChainHead,
    string SigningKeyId)
{
    public const int CurrentVersion = 1;

    public byte[] ToCanonicalJson() => CanonicalJson.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("manifestVersion", ManifestVersion);
        writer.WriteString("recordingId", RecordingId.ToString("D"));
        writer.WriteString("alertId", AlertId.ToString("D"));
        writer.WriteString("beneficiaryPseudonym", BeneficiaryPseudonym);
        writer.WriteString("deviceId", DeviceId);
        writer.WriteString("format", Format.WireName());
        writer.WriteStartArray("chunks");
        foreach (var chunk in Chunks.OrderBy(c => c.Sequence))
        {
            writer.WriteStartObject();
            writer.WriteNumber("sequence", chunk.Sequence);
            writer.WriteString("sha256", chunk.Sha256.ToLowerInvariant());
            writer.WriteNumber("size", chunk.Size);
            writer.WriteString("receivedAt", CanonicalJson.Timestamp(chunk.ReceivedAt));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("startedAt", CanonicalJson.Timestamp(StartedAt));
        writer.WriteString("sealedAt", CanonicalJson.Timestamp(SealedAt));
        writer.WriteString("chainHead", ChainHead.ToLowerInvariant());
        writer.WriteString("signingKeyId", SigningKeyId);
        writer.WriteEndObject();
    });

    public static EvidenceManifest Parse(ReadOnlySpan<byte> json) => CanonicalJson.Read(json, root => new EvidenceManifest(
        (int)CanonicalJson.RequiredInt64(root, "manifestVersion"),
        CanonicalJson.RequiredGuid(root, "recordingId"),
        CanonicalJson.RequiredGuid(root, "alertId"),
        CanonicalJson.RequiredString(root, "beneficiaryPseudonym"),
        CanonicalJson.RequiredString(root, "deviceId"),
        AudioFormats.FromWireName(CanonicalJson.RequiredString(root, "format")),
        [.. CanonicalJson.Required(root, "chunks", JsonValueKind.Array).EnumerateArray().Select(chunk => new ManifestChunk(
            CanonicalJson.RequiredInt64(chunk, "sequence"),
            CanonicalJson.RequiredSha256Hex(chunk, "sha256"),
            CanonicalJson.RequiredInt64(chunk, "size"),
            CanonicalJson.RequiredTimestamp(chunk, "receivedAt")))],
        CanonicalJson.RequiredTimestamp(root, "startedAt"),
        CanonicalJson.RequiredTimestamp(root, "sealedAt"),
        CanonicalJson.RequiredSha256Hex(root, "chainHead"),
        CanonicalJson.RequiredString(root, "signingKeyId")));

    public IEnumerable<ChunkDigest> ChunkDigests() =>
        Chunks.Select(c => new ChunkDigest(c.Sequence, Convert.FromHexString(c.Sha256)));
}
