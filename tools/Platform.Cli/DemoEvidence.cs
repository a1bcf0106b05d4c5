using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Platform.Evidence.Integrity;

namespace Platform.Cli;

/// <summary>The demo's last step: her button's audio kept as evidence, then checked the way a court's expert would.</summary>
public static class DemoEvidence
{
    private const int SampleRate = 16_000;

    public static async Task<bool> RecordSealExportAndVerifyAsync(HttpClient gateway, string she, string officer, Guid alertId)
    {
        var started = await DemoCommand.SendAsync(gateway, HttpMethod.Post, "/api/evidence/recordings", she, new { alertId }, HttpStatusCode.Created);
        var recordingId = started["recordingId"]!.GetValue<Guid>();
        // 20 seconds of 16 kHz mono WAV in two chunks, the second sent first: chunks may arrive in any order.
        var audio = TwentySecondsOfWav();
        var chunks = new[] { audio[..(audio.Length / 2)], audio[(audio.Length / 2)..] };
        foreach (var sequence in new[] { 1, 0 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/evidence/recordings/{recordingId}/chunks/{sequence}")
            {
                Content = new ByteArrayContent(chunks[sequence]),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", she);
            request.Headers.Add("X-Chunk-Sha256", Convert.ToHexStringLower(SHA256.HashData(chunks[sequence])));
            using var response = await gateway.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                Console.WriteLine($"   chunk {sequence} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                return false;
            }
        }
        var seal = await DemoCommand.SendAsync(gateway, HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/seal", she, null, HttpStatusCode.OK);
        Console.WriteLine($"5. her phone uploads 20 s of audio (2 chunks, out of order) and seals it: manifest sha256 {seal["manifestSha256"]}");

        using var export = new HttpRequestMessage(HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/exports")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { reason = "démonstration", recipient = "tribunal (démo)" }),
        };
        export.Headers.Authorization = new AuthenticationHeaderValue("Bearer", officer);
        using var exported = await gateway.SendAsync(export);
        var zip = await exported.Content.ReadAsByteArrayAsync();
        var keys = PublicKeySet.Parse(await gateway.GetByteArrayAsync(new Uri("/api/evidence/keys", UriKind.Relative)));
        var report = await ExportVerifier.VerifyZipAsync(new MemoryStream(zip), keys);
        Console.WriteLine($"   an evidence officer exports it ({zip.Length} bytes); offline verification with the published keys: " +
            (report.AllPassed ? $"PASS ({report.Checks.Count} checks)" : "FAIL: " + string.Join("; ", report.Failures)));
        return exported.StatusCode == HttpStatusCode.OK && report.AllPassed;
    }

    private static byte[] TwentySecondsOfWav()
    {
        const int dataBytes = 20 * SampleRate * 2;
        var wav = new byte[44 + dataBytes];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(wav, 0);
        BitConverter.GetBytes(36 + dataBytes).CopyTo(wav, 4);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(wav, 8);
        BitConverter.GetBytes(16).CopyTo(wav, 16);
        BitConverter.GetBytes((short)1).CopyTo(wav, 20);
        BitConverter.GetBytes((short)1).CopyTo(wav, 22);
        BitConverter.GetBytes(SampleRate).CopyTo(wav, 24);
        BitConverter.GetBytes(SampleRate * 2).CopyTo(wav, 28);
        BitConverter.GetBytes((short)2).CopyTo(wav, 32);
        BitConverter.GetBytes((short)16).CopyTo(wav, 34);
        Encoding.ASCII.GetBytes("data").CopyTo(wav, 36);
        BitConverter.GetBytes(dataBytes).CopyTo(wav, 40);
        for (var sample = 0; sample < dataBytes / 2; sample++)
        {
            BitConverter.GetBytes((short)(2000 * Math.Sin(2 * Math.PI * 440 * sample / SampleRate))).CopyTo(wav, 44 + 2 * sample);
        }
        return wav;
    }
}
