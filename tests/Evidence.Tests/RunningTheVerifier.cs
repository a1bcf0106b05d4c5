using Platform.Evidence.Integrity;
using Platform.EvidenceVerifier;

namespace Platform.Evidence.Tests;

public sealed class RunningTheVerifier : IDisposable
{
    private readonly SigningKey _platformKey = SigningKey.Generate();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("evidence-cli-");

    public void Dispose()
    {
        _platformKey.Dispose();
        _folder.Delete(recursive: true);
    }

    private async Task<(string ZipPath, string KeysPath)> WriteExport(Func<byte[], byte[]>? tamper = null)
    {
        var recording = SampleRecording.Seal(_platformKey);
        var zip = await recording.ExportZipAsync();
        var zipPath = Path.Combine(_folder.FullName, "export.zip");
        var keysPath = Path.Combine(_folder.FullName, "published-keys.json");
        await File.WriteAllBytesAsync(zipPath, tamper is null ? zip : tamper(zip));
        await File.WriteAllBytesAsync(keysPath, recording.PublishedKeys.ToJson());
        return (zipPath, keysPath);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exitCode = await VerifyCommand.RunAsync(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task A_good_export_prints_every_check_as_pass_and_exits_0()
    {
        var (zip, keys) = await WriteExport();

        var (exitCode, output, _) = await Run("verify", zip, "--keys", keys);

        Assert.Equal(0, exitCode);
        Assert.Contains("PASS  audio chunk 0 (audio/000000.aac): SHA-256 matches the manifest", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.EndsWith("RESULT: PASS, all 9 checks passed" + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_export_prints_the_failed_check_and_exits_1()
    {
        var (zip, keys) = await WriteExport(bytes => ZipContents.Tamper(bytes, files => files["audio/000001.aac"][9] ^= 0x01));

        var (exitCode, output, _) = await Run("verify", zip, "--keys", keys);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  audio chunk 1 (audio/000001.aac): SHA-256 does not match the manifest", output, StringComparison.Ordinal);
        Assert.Contains("RESULT: FAIL, 2 of 9 checks failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_keys_it_says_the_signature_was_checked_with_the_keys_in_the_export()
    {
        var (zip, _) = await WriteExport();

        var (exitCode, output, _) = await Run("verify", zip);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("NOTE  no --keys given", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("check", "export.zip")]
    [InlineData("verify")]
    [InlineData("verify", "export.zip", "--keys")]
    [InlineData("verify", "/nonexistent/export.zip")]
    public async Task Wrong_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (exitCode, _, errors) = await Run(args);

        Assert.Equal(2, exitCode);
        Assert.NotEmpty(errors);
    }
}
