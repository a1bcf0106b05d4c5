using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Platform.EvidenceVerifier;
using Platform.Testing;

namespace Platform.EndToEnd.Tests;

/// <summary>Her button's audio kept as evidence, through the gateway: recorded during her alert, sealed, announced, exported, verified.</summary>
[Collection(StackCollection.Name)]
public sealed class KeepingEvidence(PlatformStack stack)
{
    private static readonly string[] SealedOnly = ["evidence.sealed"];

    [Fact]
    public async Task A_recording_made_during_her_alert_is_sealed_announced_to_her_association_and_exports_a_verifiable_file()
    {
        var she = await Scenario.EnrolledWithTwoContactsAsync(stack);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var verifier = StandardWebhooksVerifier.Start();
        using var gateway = stack.Client();
        var admin = stack.Tokens.AssociationAdmin(she.AssociationId);
        var endpoint = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/webhooks/endpoints", admin, new
        {
            url = receiver.Address.ToString(),
            eventTypes = SealedOnly,
            description = "dossiers",
        }, HttpStatusCode.Created);
        var alertId = await Scenario.PressUntilAcceptedAsync(gateway, she, $"press-{Guid.NewGuid():N}");
        var her = stack.Tokens.Beneficiary(she.AssociationId, she.BeneficiaryId);

        var started = await Scenario.SendAsync(gateway, HttpMethod.Post, "/api/evidence/recordings", her, new { alertId }, HttpStatusCode.Created);
        var recordingId = started["recordingId"]!.GetValue<Guid>();
        // Chunks of 1 MiB: well over the gateway's 64 KiB default, the most it (and the service) allows for an evidence chunk.
        var chunks = new[] { Wav(1024 * 1024), Samples(1024 * 1024) };
        foreach (var (content, sequence) in chunks.Select((content, sequence) => (content, sequence)).Reverse())
        {
            using var upload = new ByteArrayContent(content);
            upload.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/evidence/recordings/{recordingId}/chunks/{sequence}") { Content = upload };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", her);
            request.Headers.Add("X-Chunk-Sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
            using var response = await gateway.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        // One byte over is refused at the door, with a problem, before the service sees it.
        using (var tooLarge = new ByteArrayContent(Samples(1024 * 1024 + 1)))
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"/api/evidence/recordings/{recordingId}/chunks/2") { Content = tooLarge })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", her);
            request.Headers.Add("X-Chunk-Sha256", new string('0', 64));
            using var refused = await gateway.SendAsync(request);
            await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge, "/problems/body-too-large");
        }
        var seal = await Scenario.SendAsync(gateway, HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/seal", her, null, HttpStatusCode.OK);
        Assert.Equal(2, seal["chunks"]!.GetValue<int>());

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Any(d => d.Body.Contains(recordingId.ToString(), StringComparison.Ordinal))),
            "the evidence.sealed webhook");
        var delivery = receiver.Accepted.Single(d => d.Body.Contains(recordingId.ToString(), StringComparison.Ordinal));
        var verdict = await verifier.VerifyAsync(endpoint["secret"]!.GetValue<string>(), delivery.Headers, delivery.Body);
        Assert.True(verdict.Ok, verdict.Error);
        Assert.Contains(seal["manifestSha256"]!.GetValue<string>(), delivery.Body, StringComparison.Ordinal);
        var @operator = stack.Tokens.Operator(she.AssociationId);
        await Eventually.TrueAsync(async () =>
        {
            var alert = await Scenario.SendAsync(gateway, HttpMethod.Get, $"/api/alerts/{alertId}", @operator, null, HttpStatusCode.OK);
            return alert.ToJsonString().Contains("evidence-sealed", StringComparison.Ordinal);
        }, "the seal on the alert's timeline");

        using var export = await Scenario.RequestAsync(gateway, HttpMethod.Post, $"/api/evidence/recordings/{recordingId}/exports",
            stack.Tokens.EvidenceOfficer(she.AssociationId), new { reason = "plainte du 26 novembre", recipient = "Parquet de Lyon" });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var anonymous = stack.Client();
        var keys = await anonymous.GetByteArrayAsync(new Uri("/api/evidence/keys", UriKind.Relative));
        var folder = Directory.CreateTempSubdirectory("e2e-export-");
        try
        {
            var zip = Path.Combine(folder.FullName, "export.zip");
            var keysFile = Path.Combine(folder.FullName, "keys.json");
            await File.WriteAllBytesAsync(zip, await export.Content.ReadAsByteArrayAsync());
            await File.WriteAllBytesAsync(keysFile, keys);
            using var output = new StringWriter();
            Assert.True(await VerifyCommand.RunAsync(["verify", zip, "--keys", keysFile], output, output) == VerifyCommand.AllChecksPassed,
                output.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static byte[] Wav(int size)
    {
        var bytes = Samples(size);
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(bytes, 8);
        return bytes;
    }

    private static byte[] Samples(int size) => RandomNumberGenerator.GetBytes(size);
}
