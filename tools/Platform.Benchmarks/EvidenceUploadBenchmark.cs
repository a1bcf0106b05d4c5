using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Benchmarks.AlertPath;
using Platform.ServiceDefaults.Authentication;

namespace Platform.Benchmarks;

/// <summary>
/// One long recording as her phone uploads it, through the gateway of a running stack: she presses, her app starts a
/// recording, uploads it chunk by chunk (16 kHz 16-bit mono WAV, generated on the fly), seals it; then her association
/// exports it. Reports upload MB/s, seal time, export MB/s and the evidence service's peak resident memory.
/// </summary>
public static class EvidenceUploadBenchmark
{
    private const string Usage = "usage: Platform.Benchmarks evidence --key-dir .platform/dev-keys [--gateway http://127.0.0.1:8080] " +
        "[--sandbox http://127.0.0.1:5109] [--minutes 30] [--warm-up-minutes 1] [--chunk-kib 1024] [--in-flight 1] [--seed-file KEYDIR/../bench-seed.json] " +
        "[--run-dir KEYDIR/../run] [--build TEXT]";
    private const int SampleRate = 16_000;
    private const int BytesPerSecond = SampleRate * 2;
    private const double MB = 1_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.ParseOrExplain(args, Usage) is not { } options || options.GetValueOrDefault("key-dir") is not { } keyDirectory)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var stateDirectory = Path.GetDirectoryName(Path.GetFullPath(keyDirectory))!;
        var minutes = Options.Real(options, "minutes", 30);
        var chunkBytes = Options.Number(options, "chunk-kib", 1024) * 1024;
        var inFlight = Options.Number(options, "in-flight", 1);
        var totalBytes = (long)(minutes * 60 * BytesPerSecond);
        var chunkCount = (int)((totalBytes + chunkBytes - 1) / chunkBytes);

        var gatewayAddress = new Uri(options.GetValueOrDefault("gateway", "http://127.0.0.1:8080"));
        using var tokenHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        string Token(string role, Guid? association, Guid subject, IReadOnlyList<string>? rights = null) =>
            DevelopmentTokenClient.Request(tokenHttp, gatewayAddress, role, association, subject, rights, lifetimeMinutes: 120);
        using var http = new HttpClient { BaseAddress = gatewayAddress, Timeout = TimeSpan.FromMinutes(10) };
        using var sandbox = new HttpClient { BaseAddress = new Uri(options.GetValueOrDefault("sandbox", "http://127.0.0.1:5109")) };
        var gateway = new Gateway(http);
        await using var receipts = new SandboxReceipts(sandbox);
        var world = new BenchmarkWorld(gateway, sandbox, receipts, (role, association, subject, rights) => Token(role, association, subject, rights), 1, "+33757000000");
        var (ready, _, _) = await world.PrepareAsync(options.GetValueOrDefault("seed-file", Path.Combine(stateDirectory, "bench-seed.json")), 1, 0);
        var she = ready[0];
        var alertId = await PressAsync(http, she);
        var recordingId = await StartRecordingAsync(gateway, she.Token, alertId);

        // A first, short recording warms the path up (JIT, connection pools), as the stack's first minutes in production would.
        var warmUp = Options.Real(options, "warm-up-minutes", 1);
        if (warmUp > 0)
        {
            var warmUpBytes = (long)(warmUp * 60 * BytesPerSecond);
            var warmUpRecording = await StartRecordingAsync(gateway, she.Token, alertId);
            for (var sequence = 0; (long)sequence * chunkBytes < warmUpBytes; sequence++)
            {
                var content = Chunk(sequence, chunkBytes, warmUpBytes);
                await PutChunkAsync(http, she.Token, warmUpRecording, sequence, content, Convert.ToHexStringLower(SHA256.HashData(content)));
            }
            await gateway.SendAsync(HttpMethod.Post, $"/api/evidence/recordings/{warmUpRecording}/seal", she.Token, null);
        }
        var stack = MachineFacts.StackProcesses(options.GetValueOrDefault("run-dir", Path.Combine(stateDirectory, "run")));
        var evidence = stack.FirstOrDefault(process => process.Name == "evidence");
        var peaksReset = evidence is not null && MachineFacts.ResetPeakMemory(evidence.Pid);
        var startResident = evidence is null ? null : MachineFacts.PeakResident(evidence.Pid);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"uploading {minutes:0.#} min of 16 kHz 16-bit mono WAV: {totalBytes / MB:0.0} MB in {chunkCount} chunks of {chunkBytes / 1024} KiB, {inFlight} in flight, through {http.BaseAddress}"));

        // Her phone has the audio already; making it (a tone, hashed) is not part of what is measured.
        var chunks = Enumerable.Range(0, chunkCount).Select(sequence => Chunk(sequence, chunkBytes, totalBytes))
            .Select(content => (Content: content, Sha256: Convert.ToHexStringLower(SHA256.HashData(content)))).ToList();
        var upload = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(async () =>
        {
            int sequence;
            while ((sequence = Interlocked.Increment(ref next)) < chunkCount)
            {
                await PutChunkAsync(http, she.Token, recordingId, sequence, chunks[sequence].Content, chunks[sequence].Sha256);
            }
        })));
        upload.Stop();
        chunks.Clear();
        var afterUpload = evidence is null ? null : MachineFacts.PeakResident(evidence.Pid);

        var seal = Stopwatch.StartNew();
        var sealedRecording = await gateway.SendAsync(HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/seal", she.Token, null);
        seal.Stop();

        var officer = Token(PlatformRoles.Operator, world.AssociationId, Guid.CreateVersion7(), [PlatformRights.Evidence]);
        var export = Stopwatch.StartNew();
        var (exportedBytes, exportStatus) = await ExportAsync(http, officer, recordingId);
        export.Stop();
        var afterExport = evidence is null ? null : MachineFacts.PeakResident(evidence.Pid);
        await world.ResolveActiveAlertsAsync();

        string Mib(long? bytes) => bytes is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b / 1048576.0:0} MiB") : "n/a";
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"""
            ## evidence upload
            machine          {MachineFacts.Describe()}
            load             {MachineFacts.LoadAverage()}
            build            {options.GetValueOrDefault("build", "not given (--build)")}
            recording        {minutes:0.#} min, {totalBytes / MB:0.0} MB, {chunkCount} chunks of {chunkBytes / 1024} KiB, {inFlight} upload(s) in flight
            upload           {upload.Elapsed.TotalSeconds:0.00} s  ->  {totalBytes / MB / upload.Elapsed.TotalSeconds:0.0} MB/s ({chunkCount / upload.Elapsed.TotalSeconds:0} chunks/s)
            seal             {seal.Elapsed.TotalMilliseconds:0} ms  ({sealedRecording["chunks"]} chunks, complete: {sealedRecording["complete"]})
            export           {(int)exportStatus} {exportedBytes / MB:0.0} MB in {export.Elapsed.TotalSeconds:0.00} s  ->  {exportedBytes / MB / export.Elapsed.TotalSeconds:0.0} MB/s
            evidence memory  resident at start {Mib(startResident)}, peak during upload {Mib(afterUpload)}, peak through export {Mib(afterExport)} {(peaksReset ? "(VmHWM reset at start)" : "(VmHWM since the process started)")}

            """));
        return exportStatus == HttpStatusCode.OK ? 0 : 1;
    }

    /// <summary>Chunk n of the recording: the WAV header on the first, then a tone with noise (content matters only for the format check).</summary>
    private static byte[] Chunk(int sequence, int chunkBytes, long totalBytes)
    {
        var offset = (long)sequence * chunkBytes;
        var size = (int)Math.Min(chunkBytes, totalBytes - offset);
        var bytes = new byte[size];
        for (var i = 0; i + 1 < size; i += 2)
        {
            var sample = (offset + i) / 2;
            var value = (short)(3000 * Math.Sin(2 * Math.PI * 440 * sample / SampleRate) + Random.Shared.Next(-200, 200));
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i, 2), value);
        }
        if (sequence == 0)
        {
            Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(totalBytes - 8));
            Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(bytes, 8);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), 16);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(20), 1);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(22), 1);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), SampleRate);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(28), BytesPerSecond);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(32), 2);
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(34), 16);
            Encoding.ASCII.GetBytes("data").CopyTo(bytes, 36);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), (uint)(totalBytes - 44));
        }
        return bytes;
    }

    private static async Task<Guid> PressAsync(HttpClient http, ReadyBeneficiary she)
    {
        using var request = Gateway.Request(HttpMethod.Post, "/api/alerts", she.Token, Gateway.Press(she.DeviceId, DateTimeOffset.UtcNow),
            $"bench-evidence-{Guid.NewGuid():N}");
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return response.StatusCode == HttpStatusCode.Accepted
            ? body["alertId"]!.GetValue<Guid>()
            : throw new InvalidOperationException($"The press was answered {(int)response.StatusCode}: {body.ToJsonString()}");
    }

    private static async Task<Guid> StartRecordingAsync(Gateway gateway, string token, Guid alertId)
    {
        var started = await gateway.SendAsync(HttpMethod.Post, "/api/evidence/recordings", token, new { alertId });
        return started["recordingId"]!.GetValue<Guid>();
    }

    private static async Task PutChunkAsync(HttpClient http, string token, Guid recordingId, int sequence, byte[] content, string sha256)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/evidence/recordings/{recordingId}/chunks/{sequence}")
        {
            Content = new ByteArrayContent(content),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Chunk-Sha256", sha256);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Chunk {sequence} was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads the export as a client would, without keeping it: only its length counts here.</summary>
    private static async Task<(long Bytes, HttpStatusCode Status)> ExportAsync(HttpClient http, string token, Guid recordingId)
    {
        using var request = Gateway.Request(HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/exports", token,
            new { reason = "benchmark", recipient = "benchmark" });
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        return (total, response.StatusCode);
    }
}
