using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Platform.Evidence.Api.Recordings;
using Platform.Testing;

namespace Platform.Evidence.Api.Tests;

/// <summary>Every refusal is a clear 4xx, and a refused chunk leaves nothing behind: no blob, no event.</summary>
[Collection(EvidenceCollection.Name)]
public sealed class RefusingUploads(EvidenceHost host)
{
    private async Task AssertNothingStoredAsync(Beneficiary her, Guid recordingId)
    {
        Assert.Empty(host.StoredFilesOf(recordingId));
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(her.AssociationId.ToString());
        var events = await session.Events.FetchStreamAsync(recordingId);
        Assert.DoesNotContain(events, e => e.Data is ChunkStored);
    }

    [Fact]
    public async Task A_chunk_whose_hash_does_not_match_is_422_and_nothing_is_stored()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        var chunk = Audio.Chunk(recordingId, 0);
        using var client = host.Her(her);

        using var response = await client.SendAsync(EvidenceHost.Chunk(recordingId, 0, chunk, claimedSha256: new string('a', 64)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "/problems/chunk-hash-mismatch");
        await AssertNothingStoredAsync(her, recordingId);
        // The same chunk sent again, intact, is taken: the refusal cost her nothing.
        await host.UploadAsync(her, recordingId, 0, chunk);
    }

    [Fact]
    public async Task A_chunk_over_the_limit_is_413_and_nothing_is_stored()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        using var client = host.Her(her);

        using var response = await client.SendAsync(EvidenceHost.Chunk(recordingId, 0, Audio.Chunk(recordingId, 0, EvidenceHost.MaxChunkBytes + 1)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "/problems/too-large");
        await AssertNothingStoredAsync(her, recordingId);
    }

    [Fact]
    public async Task A_recording_over_its_total_limit_is_413_for_the_chunk_that_would_pass_it()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        var fits = (int)(EvidenceHost.MaxRecordingBytes / EvidenceHost.MaxChunkBytes);
        for (var sequence = 0; sequence < fits; sequence++)
        {
            await host.UploadAsync(her, recordingId, sequence, Audio.Chunk(recordingId, sequence, EvidenceHost.MaxChunkBytes));
        }
        using var client = host.Her(her);

        using var response = await client.SendAsync(EvidenceHost.Chunk(recordingId, fits, Audio.Chunk(recordingId, fits, 1024)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "/problems/too-large");
        Assert.Equal(fits, host.StoredFilesOf(recordingId).Count);
    }

    [Fact]
    public async Task A_first_chunk_that_is_not_audio_is_415_whatever_its_content_type_says()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        using var client = host.Her(her);
        var notAudio = "%PDF-1.7 this is a document, not a recording"u8.ToArray().Concat(new byte[4096]).ToArray();

        using var response = await client.SendAsync(EvidenceHost.Chunk(recordingId, 0, notAudio));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "/problems/unsupported-audio-format");
        await AssertNothingStoredAsync(her, recordingId);
    }

    [Fact]
    public async Task A_recording_of_someone_elses_alert_is_404_and_nothing_is_stored()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var other = await host.BeneficiaryWithAnAlertAsync(her.AssociationId);
        using var otherClient = host.Her(other);

        using var start = await otherClient.PostAsJsonAsync("/api/evidence/recordings", new { alertId = her.AlertId });
        await HttpAssertions.AssertProblemAsync(start, HttpStatusCode.NotFound);

        var recordingId = await host.StartRecordingAsync(her);
        using var upload = await otherClient.SendAsync(EvidenceHost.Chunk(recordingId, 0, Audio.Chunk(recordingId, 0)));
        await HttpAssertions.AssertProblemAsync(upload, HttpStatusCode.NotFound);
        await AssertNothingStoredAsync(her, recordingId);
    }

    [Fact]
    public async Task A_different_chunk_under_a_sequence_already_stored_is_409_and_the_first_is_kept()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var recordingId = await host.StartRecordingAsync(her);
        var first = Audio.Chunk(recordingId, 1);
        await host.UploadAsync(her, recordingId, 1, first);
        using var client = host.Her(her);

        using var response = await client.SendAsync(EvidenceHost.Chunk(recordingId, 1, Audio.Chunk(recordingId, 1)));

        await HttpAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict, "/problems/chunk-conflict");
        await host.UploadAsync(her, recordingId, 0, Audio.Chunk(recordingId, 0));
        await host.SealAsync(her, recordingId);
        var zip = await EvidenceHost.ExportAsync(client, recordingId, "checking", "myself");
        Assert.Equal(first, Exports.Read(zip)["audio/000001.wav"]);
    }

    [Fact]
    public async Task An_alert_holds_a_bounded_number_of_recordings_and_a_retried_start_still_finds_its_own()
    {
        var her = await host.BeneficiaryWithAnAlertAsync();
        var first = Guid.CreateVersion7();
        using var client = host.Her(her);
        using (var started = await client.PostAsJsonAsync("/api/evidence/recordings", new { alertId = her.AlertId, recordingId = first }))
        {
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }
        for (var i = 1; i < EvidenceHost.MaxRecordingsPerAlert; i++)
        {
            await host.StartRecordingAsync(her);
        }

        var refusedId = Guid.CreateVersion7();
        using var refused = await client.PostAsJsonAsync("/api/evidence/recordings", new { alertId = her.AlertId, recordingId = refusedId });

        await HttpAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict, "/problems/too-many-recordings");
        await using (var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession(her.AssociationId.ToString()))
        {
            Assert.Empty(await session.Events.FetchStreamAsync(refusedId));
        }
        // Her app lost the answer to its first start and sends it again: the same recording, not a refusal.
        using var retried = await client.PostAsJsonAsync("/api/evidence/recordings", new { alertId = her.AlertId, recordingId = first });
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(first, (await retried.ReadJsonAsync())["recordingId"]!.GetValue<Guid>());
    }
}
