using Platform.Evidence.Integrity;

namespace Platform.EvidenceVerifier;

public static class VerifyCommand
{
    public const int AllChecksPassed = 0;
    public const int SomeCheckFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken = default)
    {
        if (!TryParse(args, out var exportPath, out var keysPath))
        {
            return Usage(errors);
        }
        if (!File.Exists(exportPath) && !Directory.Exists(exportPath))
        {
            await errors.WriteLineAsync($"no export at {exportPath}");
            return UsageError;
        }

        PublicKeySet? trustedKeys = null;
        if (keysPath is not null)
        {
            try
            {
                trustedKeys = PublicKeySet.Parse(await File.ReadAllBytesAsync(keysPath, cancellationToken));
            }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
            {
                await errors.WriteLineAsync($"cannot read the key set {keysPath}: {e.Message}");
                return UsageError;
            }
        }

        VerificationReport report;
        if (Directory.Exists(exportPath))
        {
            report = await ExportVerifier.VerifyDirectoryAsync(exportPath, trustedKeys, cancellationToken);
        }
        else
        {
            await using var zip = File.OpenRead(exportPath);
            report = await ExportVerifier.VerifyZipAsync(zip, trustedKeys, cancellationToken);
        }

        if (trustedKeys is null)
        {
            await output.WriteLineAsync("NOTE  no --keys given: the signature was checked with public-keys.json from inside the export.");
        }
        foreach (var check in report.Checks)
        {
            await output.WriteLineAsync($"{(check.Passed ? "PASS" : "FAIL")}  {check}");
        }
        var failed = report.Failures.Count();
        await output.WriteLineAsync(report.AllPassed
            ? $"RESULT: PASS, all {report.Checks.Count} checks passed"
            : $"RESULT: FAIL, {failed} of {report.Checks.Count} checks failed");
        return report.AllPassed ? AllChecksPassed : SomeCheckFailed;
    }

    private static bool TryParse(string[] args, out string exportPath, out string? keysPath)
    {
        (exportPath, keysPath) = args switch
        {
            ["verify", var export] => (export, null),
            ["verify", var export, "--keys", var keys] => (export, keys),
            ["verify", "--keys", var keys, var export] => (export, keys),
            _ => ("", null),
        };
        return exportPath.Length > 0 && !exportPath.StartsWith("--", StringComparison.Ordinal);
    }

    private static int Usage(TextWriter errors)
    {
        errors.WriteLine("usage: Platform.EvidenceVerifier verify <export.zip | extracted folder> [--keys public-keys.json]");
        errors.WriteLine("       --keys: the platform's published key set; without it the copy inside the export is used.");
        errors.WriteLine("exit codes: 0 every check passed, 1 a check failed, 2 usage error");
        return UsageError;
    }
}
