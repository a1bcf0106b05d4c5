using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Evidence.Contracts;
using Platform.Testing;

namespace Platform.Evidence.Api.Tests;

[Collection(EvidenceCollection.Name)]
public sealed class SealingAndExporting(EvidenceHost host)
{
    [Fact]
    public async Task Chunks_sent_out_of_order_and_twice_seal_export_and_verify_with_the_offline_verifier()
    {
        var sealedEvents = await host.WatchAsync<EvidenceSealed>();
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        var chunks = Enumerable.Range(0, 5).Select(sequence => Audio.Chunk(recordingId, sequence)).ToList();

        foreach (var sequence in new[] { 3, 0, 4, 1 })
        {
            await host.UploadAsync(her, recordingId, sequence, chunks[sequence]);
        }
        // Back online, her app asks what the platform holds: 0, 1, 3 and 4, with 2 missing, and no custody entry for asking.
        using (var client = host.Her(her))
        {
            var status = await (await client.GetAsync(new Uri($"/api/evidence/recordings/{recordingId:D}/upload", UriKind.Relative))).ReadJsonAsync();
            Assert.Equal([0, 1, 3, 4], status["stored"]!.AsArray().Select(chunk => chunk!["sequence"]!.GetValue<int>()));
            Assert.Equal([2L], status["missing"]!.AsArray().Select(sequence => sequence!.GetValue<long>()));
            Assert.False(status["sealed"]!.GetValue<bool>());
        }
        // Her phone was not sure chunks 0 and 3 arrived: the repeats are accepted and change nothing.
        await host.UploadAsync(her, recordingId, 0, chunks[0], HttpStatusCode.OK);
        await host.UploadAsync(her, recordingId, 3, chunks[3], HttpStatusCode.OK);
        await host.UploadAsync(her, recordingId, 2, chunks[2]);
        await host.SealAsync(her, recordingId);

        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        var zip = await EvidenceHost.ExportAsync(officer, recordingId);
        var (exitCode, report) = await Exports.VerifyAsync(zip, await host.PublishedKeysAsync());

        Assert.True(exitCode == 0, report);
        var files = Exports.Read(zip);
        for (var sequence = 0; sequence < chunks.Count; sequence++)
        {
            // The original bytes exactly as uploaded: decrypted, never transcoded.
            Assert.Equal(chunks[sequence], files[$"audio/{sequence:D6}.wav"]);
        }
        var manifest = JsonNode.Parse(files["manifest.json"])!;
        Assert.Equal(5, manifest["chunks"]!.AsArray().Count);
        Assert.Equal(["started", "chunkStored", "chunkStored", "chunkStored", "chunkStored", "chunkStored", "sealed", "exported"],
            Encoding.UTF8.GetString(files["custody.jsonl"]).TrimEnd('\n').Split('\n').Select(line => JsonNode.Parse(line)!["action"]!.GetValue<string>()));
        Assert.Equal(host.SigningKeyId, manifest["signingKeyId"]!.GetValue<string>());
        Assert.DoesNotContain(her.Id.ToString("D"), Encoding.UTF8.GetString(files["manifest.json"]), StringComparison.Ordinal);
        var published = await sealedEvents.FirstAsync(e => e.RecordingId == recordingId);
        Assert.Equal(her.AlertId, published.Message.AlertId);
        Assert.True(published.Message.Complete);
        Assert.Equal(5, published.Message.Chunks);
    }

    [Theory]
    [InlineData("audio/000002.wav", "audio chunk 2")]
    [InlineData("manifest.json", "manifest.json")]
    [InlineData("custody.jsonl", "custody.jsonl")]
    public async Task One_flipped_byte_in_an_export_fails_the_verifier_which_names_the_part(string file, string named)
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        for (var sequence = 0; sequence < 3; sequence++)
        {
            await host.UploadAsync(her, recordingId, sequence, Audio.Chunk(recordingId, sequence));
        }
        await host.SealAsync(her, recordingId);
        using var client = host.Her(her);
        var zip = await EvidenceHost.ExportAsync(client, recordingId, "for my lawyer", "Maître Durand");

        var tampered = Exports.Tamper(zip, file, bytes => bytes[bytes.Length / 2] ^= 0x20);
        var (exitCode, report) = await Exports.VerifyAsync(tampered, await host.PublishedKeysAsync());

        Assert.Equal(1, exitCode);
        Assert.Contains(report.Split('\n'), line => line.StartsWith("FAIL", StringComparison.Ordinal) && line.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recording_cut_off_by_a_missing_chunk_is_proven_up_to_its_last_good_chunk()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        foreach (var sequence in new[] { 0, 1, 3 })
        {
            await host.UploadAsync(her, recordingId, sequence, Audio.Chunk(recordingId, sequence));
        }
        await host.SealAsync(her, recordingId);

        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        var zip = await EvidenceHost.ExportAsync(officer, recordingId);
        var (exitCode, report) = await Exports.VerifyAsync(zip, await host.PublishedKeysAsync());

        Assert.True(exitCode == 0, report);
        var manifest = JsonNode.Parse(Exports.Read(zip)["manifest.json"])!;
        Assert.Equal([0L, 1L], manifest["chunks"]!.AsArray().Select(chunk => chunk!["sequence"]!.GetValue<long>()));
        // Chunk 3 came after the gap: stored, but the seal cannot vouch for it and says the recording is incomplete.
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/recordings/{recordingId:D}");
        read.Headers.Add("X-Access-Reason", "checking what the seal covers");
        using var response = await officer.SendAsync(read);
        var view = await response.ReadJsonAsync();
        Assert.False(view["seal"]!["complete"]!.GetValue<bool>());
        Assert.Equal(3, view["chunks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Every_read_and_export_is_in_the_custody_log_with_who_and_why()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        var chunk = Audio.Chunk(recordingId, 0);
        await host.UploadAsync(her, recordingId, 0, chunk);
        await host.SealAsync(her, recordingId);
        using var officer = host.EvidenceOfficerOf(her.AssociationId);

        using var listen = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/recordings/{recordingId:D}/chunks/0");
        listen.Headers.Add("X-Access-Reason", "preparing the complaint with her");
        using var audio = await officer.SendAsync(listen);
        Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
        Assert.Equal(chunk, await audio.Content.ReadAsByteArrayAsync());
        var zip = await EvidenceHost.ExportAsync(officer, recordingId, "requisition of 26 November", "Commissariat de Villeurbanne");

        var custody = Encoding.UTF8.GetString(Exports.Read(zip)["custody.jsonl"]).TrimEnd('\n').Split('\n')
            .Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(["started", "chunkStored", "sealed", "accessed", "exported"], custody.Select(entry => entry!["action"]!.GetValue<string>()));
        var accessed = custody[3]!;
        Assert.Equal("operator", accessed["role"]!.GetValue<string>());
        Assert.Equal("preparing the complaint with her", accessed["reason"]!.GetValue<string>());
        Assert.Equal("audio chunk 0", accessed["detail"]!.GetValue<string>());
        var exported = custody[4]!;
        Assert.Equal("requisition of 26 November", exported["reason"]!.GetValue<string>());
        Assert.Equal("to=Commissariat de Villeurbanne", exported["detail"]!.GetValue<string>());
        Assert.Equal(accessed["actorId"]!.GetValue<string>(), exported["actorId"]!.GetValue<string>());
        // She is named by her pseudonym, the one in the manifest, never by her platform id.
        Assert.StartsWith("bnf-", custody[0]!["actorId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(her.Id.ToString("D"), string.Join('\n', custody.Select(entry => entry!.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_without_a_reason_is_refused_and_leaves_no_trace()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        await host.UploadAsync(her, recordingId, 0, Audio.Chunk(recordingId, 0));
        using var officer = host.EvidenceOfficerOf(her.AssociationId);

        using var noReason = await officer.GetAsync(new Uri($"/api/evidence/recordings/{recordingId:D}/chunks/0", UriKind.Relative));
        await HttpAssertions.AssertProblemAsync(noReason, HttpStatusCode.BadRequest, "/problems/access-reason-required");
        using var exportWithoutReason = await officer.PostAsJsonAsync($"/api/evidence/recordings/{recordingId:D}/exports",
            new { recipient = "someone" });
        await HttpAssertions.AssertProblemAsync(exportWithoutReason, HttpStatusCode.BadRequest, "/problems/access-reason-required");

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/recordings/{recordingId:D}");
        read.Headers.Add("X-Access-Reason", "audit");
        var view = await (await officer.SendAsync(read)).ReadJsonAsync();
        Assert.Equal(["started", "chunkStored", "accessed"], view["custody"]!.AsArray().Select(entry => entry!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Only_she_and_her_associations_evidence_officers_may_read_it()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        await host.UploadAsync(her, recordingId, 0, Audio.Chunk(recordingId, 0));
        var uri = new Uri($"/api/evidence/recordings/{recordingId:D}", UriKind.Relative);

        async Task<HttpStatusCode> ReadAs(HttpClient client)
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, uri);
            read.Headers.Add("X-Access-Reason", "testing access");
            using var response = await client.SendAsync(read);
            return response.StatusCode;
        }

        using (var she = host.Her(her)) { Assert.Equal(HttpStatusCode.OK, await ReadAs(she)); }
        using (var officer = host.EvidenceOfficerOf(her.AssociationId)) { Assert.Equal(HttpStatusCode.OK, await ReadAs(officer)); }
        using (var operatorWithoutTheRight = host.ClientWithToken(host.Tokens.Operator(her.AssociationId)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, await ReadAs(operatorWithoutTheRight));
        }
        using (var otherAssociation = host.EvidenceOfficerOf(Guid.CreateVersion7())) { Assert.Equal(HttpStatusCode.NotFound, await ReadAs(otherAssociation)); }
        using (var anotherWoman = host.ClientWithToken(host.Tokens.Beneficiary(her.AssociationId, Guid.CreateVersion7())))
        {
            Assert.Equal(HttpStatusCode.NotFound, await ReadAs(anotherWoman));
        }
        using (var regionAdmin = host.ClientWithToken(host.Tokens.Admin())) { Assert.Equal(HttpStatusCode.Forbidden, await ReadAs(regionAdmin)); }
        // Contacts have no account on the platform: without a token nothing is served.
        using (var anonymous = host.CreateClient()) { Assert.Equal(HttpStatusCode.Unauthorized, await ReadAs(anonymous)); }
    }

    [Fact]
    public async Task A_recording_her_phone_stopped_sending_is_sealed_by_the_platform_once_quiet()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        await host.UploadAsync(her, recordingId, 0, Audio.Chunk(recordingId, 0));
        await host.UploadAsync(her, recordingId, 1, Audio.Chunk(recordingId, 1));

        host.Clock.Advance(EvidenceHost.SealWhenQuietFor + TimeSpan.FromMinutes(1));

        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        var seal = await Eventually.ValueAsync(async () =>
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/recordings/{recordingId:D}");
            read.Headers.Add("X-Access-Reason", "waiting for the seal");
            var view = await (await officer.SendAsync(read)).ReadJsonAsync();
            return (view["seal"] is JsonObject found, view);
        }, "the quiet recording to be sealed");
        Assert.Equal(2, seal["seal"]!["chunks"]!.GetValue<int>());
        Assert.False(seal["seal"]!["complete"]!.GetValue<bool>());
        var sealedEntry = seal["custody"]!.AsArray().Single(entry => entry!["action"]!.GetValue<string>() == "sealed")!;
        Assert.Equal("platform", sealedEntry["role"]!.GetValue<string>());
        await host.UploadAsync(her, recordingId, 2, Audio.Chunk(recordingId, 2), HttpStatusCode.Conflict);
    }
}
