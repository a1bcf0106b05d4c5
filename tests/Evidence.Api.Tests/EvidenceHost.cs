using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Alerts.Contracts;
using Platform.Evidence.Api.Alerts;
using Platform.Evidence.Integrity;
using Platform.ServiceDefaults.Authentication;
using Platform.Testing;

namespace Platform.Evidence.Api.Tests;

/// <summary>The evidence service on its own database, virtual host and storage folder, with a clock the test moves.</summary>
[CollectionDefinition(Name)]
public sealed class EvidenceCollection : ICollectionFixture<EvidenceHost>
{
    public const string Name = "evidence";
}

public class EvidenceHost() : ServiceHost<Program>("evidence")
{
    public const int MaxChunkBytes = 256 * 1024;
    public const long MaxRecordingBytes = 2 * 1024 * 1024;
    public const int MaxRecordingsPerAlert = 3;
    public static readonly TimeSpan SealWhenQuietFor = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);
    public static readonly TimeSpan HerErasureDelay = TimeSpan.FromHours(72);

    private readonly SigningKey _signingKey = SigningKey.Generate();

    public DirectoryInfo StorageFolder { get; } = Directory.CreateTempSubdirectory("evidence-blobs-");

    public TestClock Clock { get; } = new();

    public string SigningKeyId => _signingKey.KeyId;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings() =>
    [
        new("Evidence:MasterKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        new("Evidence:SigningKey", Convert.ToBase64String(_signingKey.ExportPkcs8())),
        new("Evidence:Storage:Path", StorageFolder.FullName),
        new("Evidence:MaxChunkBytes", MaxChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Evidence:MaxRecordingBytes", MaxRecordingBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Evidence:MaxRecordingsPerAlert", MaxRecordingsPerAlert.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Evidence:SealWhenQuietFor", SealWhenQuietFor.ToString()),
        new("Evidence:Retention", Retention.ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
        new("Evidence:AlertArrivalWait", "00:00:01"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _signingKey.Dispose();
        StorageFolder.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    public HttpClient Her(Beneficiary her) => ClientWithToken(Tokens.Beneficiary(her.AssociationId, her.Id));

    /// <summary>Her app's erasure request, with the confirmation alerts answers her PIN (or her duress PIN) with.</summary>
    public HttpRequestMessage HerErasureRequest(Beneficiary her, bool duress = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/evidence/erasures") { Content = JsonContent.Create(new { }) };
        request.Headers.Add(PinConfirmations.Header, Tokens.PinConfirmation(her.Id, ProtectedAction.ErasingHerEvidence, duress, Clock));
        return request;
    }

    public HttpClient EvidenceOfficerOf(Guid associationId) => ClientWithToken(Tokens.EvidenceOfficer(associationId));

    /// <summary>A beneficiary whose alert the alerts service has announced (as it would, by its event).</summary>
    public async Task<Beneficiary> BeneficiaryWithAnAlertAsync(Guid? associationId = null)
    {
        var her = new Beneficiary(associationId ?? Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        var triggered = new AlertTriggered(Guid.CreateVersion7(), Clock.GetUtcNow(), her.AssociationId, her.AlertId, her.Id, Guid.CreateVersion7(),
            PressPattern.LongPress, new AlertLocation(48.85, 2.35, 12, Clock.GetUtcNow()));
        await PublishAsync(triggered, triggered.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession(her.AssociationId.ToString());
            return await session.LoadAsync<KnownAlert>(her.AlertId) is not null;
        }, "the alert to reach the evidence service");
        return her;
    }

    public async Task EndAlertAsync(Beneficiary her)
    {
        var resolved = new AlertResolved(Guid.CreateVersion7(), Clock.GetUtcNow(), her.AssociationId, her.AlertId, Guid.CreateVersion7(),
            AlertOutcome.Safe);
        await PublishAsync(resolved, resolved.EventId);
        await Eventually.TrueAsync(async () =>
        {
            await using var session = Services.GetRequiredService<IDocumentStore>().QuerySession(her.AssociationId.ToString());
            return await session.LoadAsync<KnownAlert>(her.AlertId) is { EndedAt: not null };
        }, "the alert's end to reach the evidence service");
    }

    public async Task<Guid> StartRecordingAsync(Beneficiary her)
    {
        using var client = Her(her);
        using var response = await client.PostAsJsonAsync("/api/evidence/recordings", new { alertId = her.AlertId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync())["recordingId"]!.GetValue<Guid>();
    }

    public static HttpRequestMessage Chunk(Guid recordingId, int sequence, byte[] content, string? claimedSha256 = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/evidence/recordings/{recordingId:D}/chunks/{sequence}")
        {
            Content = new ByteArrayContent(content),
        };
        // What a client says the format is never counts: the content does.
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        request.Headers.Add("X-Chunk-Sha256", claimedSha256 ?? Convert.ToHexStringLower(SHA256.HashData(content)));
        return request;
    }

    public async Task UploadAsync(Beneficiary her, Guid recordingId, int sequence, byte[] content, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var client = Her(her);
        using var response = await client.SendAsync(Chunk(recordingId, sequence, content));
        Assert.Equal(expected, response.StatusCode);
    }

    public async Task SealAsync(Beneficiary her, Guid recordingId)
    {
        using var client = Her(her);
        using var response = await client.PostAsync(new Uri($"/api/evidence/recordings/{recordingId:D}/seal", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static async Task<byte[]> ExportAsync(HttpClient client, Guid recordingId, string reason = "requested by the investigating judge",
        string recipient = "Tribunal judiciaire de Lyon")
    {
        using var response = await client.PostAsJsonAsync($"/api/evidence/recordings/{recordingId:D}/exports", new { reason, recipient });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<byte[]> PublishedKeysAsync()
    {
        using var client = CreateClient();
        return await client.GetByteArrayAsync(new Uri("/api/evidence/keys", UriKind.Relative));
    }

    /// <summary>Every file the blob store holds (encrypted chunks), below the storage folder.</summary>
    public IReadOnlyList<FileInfo> StoredFiles() => [.. StorageFolder.EnumerateFiles("*", SearchOption.AllDirectories)];

    public IReadOnlyList<FileInfo> StoredFilesOf(Guid recordingId) =>
        [.. StoredFiles().Where(file => file.FullName.Contains(recordingId.ToString("D"), StringComparison.Ordinal))];
}

public sealed record Beneficiary(Guid AssociationId, Guid Id, Guid AlertId);

/// <summary>Audio as a button sends it: a WAV header on the first chunk, then raw samples, each chunk marked so a test can look for it.</summary>
public static class Audio
{
    public static string MarkerOf(Guid recordingId, int sequence) => $"HER-VOICE-{recordingId:N}-{sequence:D4}";

    public static byte[] Chunk(Guid recordingId, int sequence, int size = 64 * 1024)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        var marker = Encoding.ASCII.GetBytes(MarkerOf(recordingId, sequence));
        marker.CopyTo(bytes, 64);
        if (sequence == 0)
        {
            WavHeader().CopyTo(bytes, 0);
        }
        return bytes;
    }

    private static byte[] WavHeader()
    {
        var header = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(header, 0);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(header, 4);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(header, 8);
        BitConverter.GetBytes(16).CopyTo(header, 16);
        BitConverter.GetBytes((short)1).CopyTo(header, 20);
        BitConverter.GetBytes((short)1).CopyTo(header, 22);
        BitConverter.GetBytes(16000).CopyTo(header, 24);
        BitConverter.GetBytes(32000).CopyTo(header, 28);
        BitConverter.GetBytes((short)2).CopyTo(header, 32);
        BitConverter.GetBytes((short)16).CopyTo(header, 34);
        Encoding.ASCII.GetBytes("data").CopyTo(header, 36);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(header, 40);
        return header;
    }
}
