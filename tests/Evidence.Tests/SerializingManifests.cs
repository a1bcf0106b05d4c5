using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class SerializingManifests
{
    private static EvidenceManifest Manifest(DateTimeOffset startedAt) => new(
        1,
        Guid.Parse("0b9e4a52-31c7-4f0e-9d2a-6a4f1c0e7b11"),
        Guid.Parse("5d1f7c3e-8a42-4b6d-b0e9-2f7a9c4d1e63"),
        "ben_q7TzK2",
        "button-7f3a",
        AudioFormat.OggOpus,
        [new ManifestChunk(0, new string('A', 64), 1200, startedAt.AddSeconds(5))],
        startedAt,
        startedAt.AddMinutes(1),
        new string('B', 64),
        "kid1");

    [Fact]
    public void The_canonical_form_has_fixed_order_no_whitespace_lowercase_hex_and_utc_milliseconds()
    {
        // 22:14:03.2507 at +01:00 is 21:14:03.250 UTC: the offset and the sub-millisecond part must not leak into the bytes.
        var startedAt = new DateTimeOffset(2026, 11, 20, 22, 14, 3, 250, TimeSpan.FromHours(1)).AddTicks(7000);

        var json = Encoding.UTF8.GetString(Manifest(startedAt).ToCanonicalJson());

        Assert.Equal(
            "{\"manifestVersion\":1,\"recordingId\":\"0b9e4a52-31c7-4f0e-9d2a-6a4f1c0e7b11\",\"alertId\":\"5d1f7c3e-8a42-4b6d-b0e9-2f7a9c4d1e63\","
            + "\"beneficiaryPseudonym\":\"ben_q7TzK2\",\"deviceId\":\"button-7f3a\",\"format\":\"ogg-opus\","
            + $"\"chunks\":[{{\"sequence\":0,\"sha256\":\"{new string('a', 64)}\",\"size\":1200,\"receivedAt\":\"2026-11-20T21:14:08.250Z\"}}],"
            + "\"startedAt\":\"2026-11-20T21:14:03.250Z\",\"sealedAt\":\"2026-11-20T21:15:03.250Z\","
            + $"\"chainHead\":\"{new string('b', 64)}\",\"signingKeyId\":\"kid1\"}}",
            json);
    }

    [Fact]
    public void The_same_manifest_always_gives_the_same_bytes_even_after_a_round_trip()
    {
        var manifest = Manifest(SampleRecording.StartedAt);
        var bytes = manifest.ToCanonicalJson();

        var reparsed = EvidenceManifest.Parse(bytes);

        Assert.Equal(bytes, manifest.ToCanonicalJson());
        Assert.Equal(bytes, reparsed.ToCanonicalJson());
    }
}
