using Platform.Evidence.Storage.Blobs;

namespace Platform.Evidence.Api;

/// <summary>The "Evidence" configuration section. Keys and limits a deployment may change; the secrets have no default.</summary>
public sealed class EvidenceSettings
{
    public const string Section = "Evidence";

    /// <summary>Base64 of 32 random bytes: wraps every beneficiary key. From a secret store in production.</summary>
    public string? MasterKey { get; set; }

    /// <summary>The ECDSA P-256 private key that signs manifests: PEM or base64 PKCS#8. A new key here is a rotation.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// One chunk's largest size (the cipher's own bound, 4 MiB, is the ceiling). 1 MiB is 30 s of 16 kHz WAV or two
    /// minutes of AAC: her app sends a chunk every few seconds anyway, so a smashed phone loses little. Measured with
    /// tools/bench-evidence.sh: 1 MiB chunks keep the service near 220 MiB resident, 4 MiB chunks took it to 270-280 MiB.
    /// </summary>
    public int MaxChunkBytes { get; set; } = 1024 * 1024;

    /// <summary>A whole recording's largest size: 30 minutes of 16 kHz WAV is 58 MB, of AAC a few MB.</summary>
    public long MaxRecordingBytes { get; set; } = 512L * 1024 * 1024;

    public int MaxChunks { get; set; } = 100_000;

    /// <summary>Recordings one alert may have: her app restarts a recording when the button reconnects, a few times at most.</summary>
    public int MaxRecordingsPerAlert { get; set; } = 20;

    /// <summary>Kept this long after her alert ended, unless held for the courts or erased at her request earlier.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// Her own app's erasure of all her recordings waits this long, while her association is told and can place a legal
    /// hold: whoever holds her phone may be destroying the evidence against him. An operator's erasure is at once.
    /// </summary>
    public TimeSpan HerErasureDelay { get; set; } = TimeSpan.FromHours(72);

    /// <summary>A recording nobody sealed (her phone was broken, taken, out of battery) is sealed this long after its last chunk.</summary>
    public TimeSpan SealWhenQuietFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Her app starts a recording right after the press: the alert's own event may still be on its way here.</summary>
    public TimeSpan AlertArrivalWait { get; set; } = TimeSpan.FromSeconds(5);

    public EvidenceStorageSettings Storage { get; set; } = new();
}

public sealed class EvidenceStorageSettings
{
    public const string FileSystem = "filesystem";
    public const string Dapr = "dapr";

    /// <summary>"filesystem" (default, a volume of the pod) or "dapr" (an output binding: S3, Azure Blob...).</summary>
    public string Kind { get; set; } = FileSystem;

    /// <summary>Where encrypted chunks go with the filesystem store.</summary>
    public string? Path { get; set; }

    public string? DaprBinding { get; set; }

    public DaprBlobBindingType DaprBindingType { get; set; } = DaprBlobBindingType.AwsS3;
}
