using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Npgsql;
using Platform.ServiceDefaults.Authentication;
using Platform.Testing;

namespace Platform.Evidence.Api.Tests;

[Collection(EvidenceCollection.Name)]
public sealed class ErasingHerEvidence(EvidenceHost host)
{
    private async Task<(Guid RecordingId, IReadOnlyList<byte[]> Chunks)> SealedRecordingAsync(Beneficiary her, int chunks = 2)
    {
        var recordingId = await host.StartRecordingAsync(her);
        var content = Enumerable.Range(0, chunks).Select(sequence => Audio.Chunk(recordingId, sequence)).ToList();
        for (var sequence = 0; sequence < chunks; sequence++)
        {
            await host.UploadAsync(her, recordingId, sequence, content[sequence]);
        }
        await host.SealAsync(her, recordingId);
        return (recordingId, content);
    }

    [Fact]
    public async Task After_her_erasure_no_file_and_no_database_row_holds_her_audio_or_her_ids_and_others_still_verify()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var other = await host.BeneficiaryWithAnAlertAsync(her.AssociationId);
        var (first, _) = await SealedRecordingAsync(her);
        var (second, _) = await SealedRecordingAsync(her, chunks: 3);
        var (othersRecording, _) = await SealedRecordingAsync(other);
        Assert.NotEmpty(host.StoredFilesOf(first));
        // At rest her audio is never readable, erasure or not.
        Assert.All(host.StoredFiles(), file => Assert.DoesNotContain("HER-VOICE-", Encoding.ASCII.GetString(File.ReadAllBytes(file.FullName)),
            StringComparison.Ordinal));

        using var client = host.Her(her);
        var erasureId = await RequestHerErasureAsync(client, host.HerErasureRequest(her));
        // Her own app's request waits while her association can step in; then everything of hers goes.
        Assert.NotEmpty(host.StoredFilesOf(first));
        host.Clock.Advance(EvidenceHost.HerErasureDelay + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => Task.FromResult(host.StoredFilesOf(first).Count == 0 && host.StoredFilesOf(second).Count == 0),
            "her recordings to be erased at the due time");
        var proof = await Eventually.ValueAsync(async () =>
        {
            var read = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/evidence/erasures/{erasureId:D}");
            return (read!.ContainsKey("proof"), read);
        }, "the signed proof of her erasure");
        var dump = await DumpDatabaseAsync();
        foreach (var forbidden in new[] { her.Id.ToString("D"), her.Id.ToString("N"), her.AlertId.ToString("D"), "HER-VOICE-" + first.ToString("N") })
        {
            Assert.DoesNotContain(forbidden, dump, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(other.Id.ToString("D"), dump, StringComparison.Ordinal);
        // The proof says what went, signed, without a word about whose it was.
        Assert.Equal(2, proof["proof"]!["recordings"]!.AsArray().Count);
        Assert.True(proof["proof"]!["beneficiaryKeyShredded"]!.GetValue<bool>());
        Assert.DoesNotContain(her.Id.ToString("D"), proof.ToJsonString(), StringComparison.Ordinal);
        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        using var gone = new HttpRequestMessage(HttpMethod.Get, $"/api/evidence/recordings/{first:D}");
        gone.Headers.Add("X-Access-Reason", "checking the erasure");
        await HttpAssertions.AssertProblemAsync(await officer.SendAsync(gone), HttpStatusCode.Gone, "/problems/recording-erased");

        var (exitCode, report) = await Exports.VerifyAsync(await EvidenceHost.ExportAsync(officer, othersRecording), await host.PublishedKeysAsync());
        Assert.True(exitCode == 0, report);
    }

    [Fact]
    public async Task Erasing_her_evidence_from_her_app_waits_is_told_to_her_association_and_a_hold_placed_meanwhile_keeps_every_recording()
    {
        var told = await host.WatchAsync<Platform.Evidence.Contracts.EvidenceErasureRequested>();
        var her = await host.BeneficiaryWithAnAlertAsync();
        var (recordingId, _) = await SealedRecordingAsync(her);
        using var client = host.Her(her);

        var erasureId = await RequestHerErasureAsync(client, host.HerErasureRequest(her));

        var requested = (await told.FirstAsync(m => m.ErasureId == erasureId)).Message;
        Assert.Equal((her.AssociationId, her.Id), (requested.AssociationId, requested.BeneficiaryId));
        Assert.Equal(host.Clock.GetUtcNow() + EvidenceHost.HerErasureDelay, requested.ErasesAt, TimeSpan.FromSeconds(5));
        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        using (var hold = await officer.PostAsJsonAsync($"/api/evidence/recordings/{recordingId:D}/legal-hold", new { reason = "case 26/1234, Lyon" }))
        {
            Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        }
        host.Clock.Advance(EvidenceHost.HerErasureDelay + TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(async () =>
            (await officer.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/evidence/erasures/{erasureId:D}"))!["status"]!
                .GetValue<string>() == "keptByLegalHold", "the due time to find the hold");
        Assert.NotEmpty(host.StoredFilesOf(recordingId));
        // Her phone is not told a hold exists: that would tell whoever holds it that evidence does.
        Assert.Equal("pending", (await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/evidence/erasures/{erasureId:D}"))!
            ["status"]!.GetValue<string>());
        var (exitCode, report) = await Exports.VerifyAsync(await EvidenceHost.ExportAsync(officer, recordingId), await host.PublishedKeysAsync());
        Assert.True(exitCode == 0, report);
    }

    [Fact]
    public async Task Erasing_her_evidence_from_her_app_without_her_PIN_is_refused_and_nothing_is_scheduled()
    {
        var told = await host.WatchAsync<Platform.Evidence.Contracts.EvidenceErasureRequested>();
        var her = await host.BeneficiaryWithAnAlertAsync();
        var (recordingId, _) = await SealedRecordingAsync(her);
        using var client = host.Her(her);

        using var refused = await client.PostAsJsonAsync("/api/evidence/erasures", new { });

        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.PreconditionRequired, PinConfirmations.RequiredProblem);
        host.Clock.Advance(EvidenceHost.HerErasureDelay + TimeSpan.FromSeconds(1));
        var control = await host.BeneficiaryWithAnAlertAsync();
        using var controlClient = host.Her(control);
        await RequestHerErasureAsync(controlClient, host.HerErasureRequest(control));
        await told.FirstAsync(m => m.BeneficiaryId == control.Id);
        Assert.DoesNotContain(told.All, m => m.Message.BeneficiaryId == her.Id);
        Assert.NotEmpty(host.StoredFilesOf(recordingId));
    }

    [Fact]
    public async Task Her_duress_PIN_erasure_reads_pending_to_her_phone_and_erases_nothing_ever()
    {
        var told = await host.WatchAsync<Platform.Evidence.Contracts.EvidenceErasureRequested>();
        var real = await host.BeneficiaryWithAnAlertAsync();
        var forced = await host.BeneficiaryWithAnAlertAsync();
        var (recordingId, _) = await SealedRecordingAsync(forced);
        var (realRecording, _) = await SealedRecordingAsync(real);
        using var realClient = host.Her(real);
        using var forcedClient = host.Her(forced);

        using var byHer = await realClient.SendAsync(host.HerErasureRequest(real));
        using var underDuress = await forcedClient.SendAsync(host.HerErasureRequest(forced, duress: true));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (byHer.StatusCode, underDuress.StatusCode));
        Assert.Equal(Masked(await byHer.Content.ReadAsStringAsync()), Masked(await underDuress.Content.ReadAsStringAsync()));
        var erasureId = (await underDuress.ReadJsonAsync())["erasureId"]!.GetValue<Guid>();
        // Alerts told her association when the duress PIN was typed; no erasure is announced as coming.
        await told.FirstAsync(m => m.BeneficiaryId == real.Id);
        Assert.DoesNotContain(told.All, m => m.Message.BeneficiaryId == forced.Id);
        host.Clock.Advance(EvidenceHost.HerErasureDelay + TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Task.FromResult(host.StoredFilesOf(realRecording).Count == 0),
            "the real erasure to be carried out (the wake-ups ran)");
        Assert.NotEmpty(host.StoredFilesOf(recordingId));
        Assert.Equal("pending", (await forcedClient.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/evidence/erasures/{erasureId:D}"))!
            ["status"]!.GetValue<string>());
        using var officer = host.EvidenceOfficerOf(forced.AssociationId);
        Assert.Equal("notCarriedOutUnderDuress", (await officer.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(
            $"/api/evidence/erasures/{erasureId:D}"))!["status"]!.GetValue<string>());
        var (exitCode, report) = await Exports.VerifyAsync(await EvidenceHost.ExportAsync(officer, recordingId), await host.PublishedKeysAsync());
        Assert.True(exitCode == 0, report);
    }

    private static string Masked(string json) => System.Text.RegularExpressions.Regex.Replace(
        System.Text.RegularExpressions.Regex.Replace(json, "[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"),
        @"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})", "<date>");

    [Fact]
    public async Task Her_apps_request_is_answered_alike_whether_she_has_recordings_or_not()
    {
        var with = await host.BeneficiaryWithAnAlertAsync();
        await SealedRecordingAsync(with);
        var without = await host.BeneficiaryWithAnAlertAsync();

        using var withClient = host.Her(with);
        using var withoutClient = host.Her(without);
        using var first = await withClient.SendAsync(host.HerErasureRequest(with));
        using var second = await withoutClient.SendAsync(host.HerErasureRequest(without));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        string Masked(string json) => System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(json, "[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"), @"\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:\d{2})", "<date>");
        Assert.Equal(Masked(await first.Content.ReadAsStringAsync()), Masked(await second.Content.ReadAsStringAsync()));
    }

    private static async Task<Guid> RequestHerErasureAsync(HttpClient her, HttpRequestMessage request)
    {
        using var erasure = await her.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, erasure.StatusCode);
        var pending = await erasure.ReadJsonAsync();
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        return pending["erasureId"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task Retention_erases_a_recording_a_period_after_her_alert_ended_unless_it_is_held()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var (kept, _) = await SealedRecordingAsync(her);
        var (held, _) = await SealedRecordingAsync(her);
        using var officer = host.EvidenceOfficerOf(her.AssociationId);
        using (var hold = await officer.PostAsJsonAsync($"/api/evidence/recordings/{held:D}/legal-hold", new { reason = "court order" }))
        {
            Assert.Equal(HttpStatusCode.OK, hold.StatusCode);
        }
        await host.EndAlertAsync(her);

        host.Clock.Advance(EvidenceHost.Retention - TimeSpan.FromDays(1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(host.StoredFilesOf(kept));

        host.Clock.Advance(TimeSpan.FromDays(2));
        await Eventually.TrueAsync(() => Task.FromResult(host.StoredFilesOf(kept).Count == 0), "the expired recording to be erased");
        Assert.NotEmpty(host.StoredFilesOf(held));
        var (exitCode, report) = await Exports.VerifyAsync(await EvidenceHost.ExportAsync(officer, held), await host.PublishedKeysAsync());
        Assert.True(exitCode == 0, report);
    }

    [Fact]
    public async Task Published_keys_name_the_key_that_signs_and_refuse_nothing_to_anyone()
    {
        var keys = Encoding.UTF8.GetString(await host.PublishedKeysAsync());

        Assert.Contains(host.SigningKeyId, keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_files_her_erasure_for_her_but_an_unknown_beneficiary_is_404_and_no_proof_is_made()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var (recordingId, _) = await SealedRecordingAsync(her);
        using var officer = host.EvidenceOfficerOf(her.AssociationId);

        using var unknown = await officer.PostAsJsonAsync("/api/evidence/erasures", new { beneficiaryId = Guid.CreateVersion7() });
        await HttpAssertions.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        using var withoutWhom = await officer.PostAsJsonAsync("/api/evidence/erasures", new { });
        await HttpAssertions.AssertProblemAsync(withoutWhom, HttpStatusCode.BadRequest);

        using var erased = await officer.PostAsJsonAsync("/api/evidence/erasures", new { beneficiaryId = her.Id });
        Assert.Equal(HttpStatusCode.Created, erased.StatusCode);
        var proof = await erased.ReadJsonAsync();
        Assert.Equal("operator", proof["proof"]!["requestedByRole"]!.GetValue<string>());
        Assert.Empty(host.StoredFilesOf(recordingId));
    }

    private static readonly string[] PgDumpLocations = ["/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump"];

    /// <summary>What a backup, or someone who stole one, would hold: pg_dump of the service's whole database, as text.</summary>
    private async Task<string> DumpDatabaseAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(host.PostgresConnectionString);
        var pgDump = PgDumpLocations.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("pg_dump is needed for this test (Debian: postgresql-client).");
        var start = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--host", connection.Host!, "--port", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--username", connection.Username!, "--no-owner", "--dbname", connection.Database! },
        };
        start.Environment["PGPASSWORD"] = connection.Password ?? "";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await errors);
        return await output;
    }
}
