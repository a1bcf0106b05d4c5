using System.IO.Compression;
using Platform.Evidence.Integrity;

namespace Platform.Evidence.Tests;

public sealed class VerifyingExports : IDisposable
{
    private readonly SigningKey _platformKey = SigningKey.Generate();

    public void Dispose() => _platformKey.Dispose();

    private static async Task<VerificationReport> Verify(byte[] zip, PublicKeySet? trustedKeys = null)
    {
        using var stream = new MemoryStream(zip);
        return await ExportVerifier.VerifyZipAsync(stream, trustedKeys);
    }

    private static void AssertEveryFailureNames(VerificationReport report, string part)
    {
        Assert.False(report.AllPassed);
        Assert.All(report.Failures, failure => Assert.Contains(part, failure.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fresh_export_passes_every_check()
    {
        var recording = SampleRecording.Seal(_platformKey);

        var report = await Verify(await recording.ExportZipAsync(), recording.PublishedKeys);

        Assert.True(report.AllPassed, string.Join('\n', report.Failures));
        Assert.Equal(5 + 4, report.Checks.Count); // 5 chunks, chain, signature, custody chain, sealed entry
    }

    [Fact]
    public async Task The_export_holds_the_original_audio_bytes_uncompressed_in_the_documented_layout()
    {
        var recording = SampleRecording.Seal(_platformKey);
        using var zip = new ZipArchive(new MemoryStream(await recording.ExportZipAsync()), ZipArchiveMode.Read);

        Assert.Equal(
            ["audio/000000.aac", "audio/000001.aac", "audio/000002.aac", "audio/000003.aac", "audio/000004.aac",
             "manifest.json", "manifest.sig", "custody.jsonl", "public-keys.json", "README.txt"],
            zip.Entries.Select(e => e.FullName));
        var chunk3 = zip.GetEntry("audio/000003.aac")!;
        Assert.Equal(chunk3.Length, chunk3.CompressedLength);
        Assert.Equal(recording.Chunks[3], ZipContents.Read(await recording.ExportZipAsync())["audio/000003.aac"]);
    }

    [Fact]
    public async Task An_extracted_export_verifies_as_a_folder()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var folder = Directory.CreateTempSubdirectory("evidence-export-");
        try
        {
            ZipFile.ExtractToDirectory(new MemoryStream(await recording.ExportZipAsync()), folder.FullName);

            var report = await ExportVerifier.VerifyDirectoryAsync(folder.FullName, recording.PublishedKeys);

            Assert.True(report.AllPassed, string.Join('\n', report.Failures));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task One_flipped_byte_in_an_audio_chunk_is_named_with_its_file()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => files["audio/000003.aac"][20] ^= 0x01);

        var report = await Verify(zip, recording.PublishedKeys);

        AssertEveryFailureNames(report, "audio/000003.aac");
        Assert.Contains(report.Failures, f => f.ToString().StartsWith("audio chunk 3 (audio/000003.aac): SHA-256 does not match the manifest", StringComparison.Ordinal));
        Assert.Contains(report.Failures, f => f.Subject == "chain head" && f.Finding.Contains("proven intact through chunk 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_flipped_byte_in_the_manifest_fails_its_signature_and_its_sealed_entry()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => ZipContents.FlipByteAfter(files["manifest.json"], "\"deviceId\":\""));

        var report = await Verify(zip, recording.PublishedKeys);

        AssertEveryFailureNames(report, "manifest.json");
        Assert.Equal(["manifest.sig", "custody.jsonl line 7 (sealed)"], report.Failures.Select(f => f.Subject));
    }

    [Fact]
    public async Task One_flipped_byte_in_the_custody_log_is_named_by_its_line()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => ZipContents.FlipByteAfter(files["custody.jsonl"], "\"role\":\"", line: 5));

        var report = await Verify(zip, recording.PublishedKeys);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("custody.jsonl line 5: hash does not match its content", failure.ToString());
    }

    [Fact]
    public async Task One_changed_character_in_the_signature_is_named_as_the_signature()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => ZipContents.FlipByteAfter(files["manifest.sig"], "\"signature\":\"", offset: 4));

        var report = await Verify(zip, recording.PublishedKeys);

        var failure = Assert.Single(report.Failures);
        Assert.Equal("manifest.sig", failure.Subject);
        Assert.Contains("does not verify with key " + _platformKey.KeyId, failure.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_missing_from_the_middle_is_named_as_the_gap_in_the_chain()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => files.Remove("audio/000002.aac"));

        var report = await Verify(zip, recording.PublishedKeys);

        AssertEveryFailureNames(report, "audio/000002.aac");
        var chain = Assert.Single(report.Failures, f => f.Subject == "chain head");
        Assert.Equal(
            "chunk 2 (audio/000002.aac) is missing from the export, so the chain cannot reach the manifest's head; the recording is proven intact through chunk 1",
            chain.Finding);
    }

    [Fact]
    public async Task An_audio_file_the_manifest_does_not_list_is_named()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = ZipContents.Tamper(await recording.ExportZipAsync(), files => files["audio/000005.aac"] = SampleRecording.AdtsChunk(5));

        var report = await Verify(zip, recording.PublishedKeys);

        Assert.Equal("audio/000005.aac: file is not listed in the manifest", Assert.Single(report.Failures).ToString());
    }

    [Fact]
    public async Task A_signature_by_a_key_outside_the_set_is_named()
    {
        using var strangerKey = SigningKey.Generate();
        var recording = SampleRecording.Seal(strangerKey, publishedKeys: new PublicKeySet([_platformKey.Publish(SampleRecording.StartedAt.AddDays(-1))]));

        var report = await Verify(await recording.ExportZipAsync());

        var failure = Assert.Single(report.Failures);
        Assert.Equal("manifest.sig", failure.Subject);
        Assert.StartsWith($"signing key {strangerKey.KeyId} is not in public-keys.json inside the export", failure.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forger_who_ships_their_own_key_passes_only_until_the_published_keys_are_used()
    {
        using var forgerKey = SigningKey.Generate();
        var forged = SampleRecording.Seal(forgerKey);
        var zip = await forged.ExportZipAsync();
        var platformKeys = new PublicKeySet([_platformKey.Publish(SampleRecording.StartedAt.AddDays(-1))]);

        var withKeysFromTheZip = await Verify(zip);
        var withPublishedKeys = await Verify(zip, platformKeys);

        Assert.True(withKeysFromTheZip.AllPassed);
        var failure = Assert.Single(withPublishedKeys.Failures);
        Assert.Equal($"manifest.sig: signing key {forgerKey.KeyId} is not in the key set given to the verifier", failure.ToString());
    }

    [Fact]
    public async Task A_key_used_after_its_window_closed_is_named()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var closedBeforeSeal = new PublicKeySet([_platformKey.Publish(SampleRecording.StartedAt.AddDays(-30), notAfter: SampleRecording.StartedAt)]);

        var report = await Verify(await recording.ExportZipAsync(), closedBeforeSeal);

        Assert.Contains("was not valid when the manifest was sealed", Assert.Single(report.Failures).Finding, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_fails_instead_of_throwing()
    {
        var report = await Verify("not a zip"u8.ToArray());

        Assert.Equal("export", Assert.Single(report.Failures).Subject);
    }

    [Fact]
    public async Task A_zip_holding_two_files_of_one_name_is_rejected_as_ambiguous()
    {
        var recording = SampleRecording.Seal(_platformKey);
        var files = ZipContents.Read(await recording.ExportZipAsync());
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files.Append(new("audio/000001.aac", SampleRecording.AdtsChunk(9))))
            {
                using var target = zip.CreateEntry(name).Open();
                target.Write(content);
            }
        }

        var report = await Verify(buffer.ToArray(), recording.PublishedKeys);

        Assert.Equal("audio/000001.aac", Assert.Single(report.Failures).Subject);
    }
}
