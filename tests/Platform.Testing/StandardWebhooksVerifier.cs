using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// Verifies webhook deliveries with the Standard Webhooks reference library (npm standardwebhooks, pinned in
/// tests/webhook-verifier), so our signing is judged by code we did not write. One node process answers in order, one
/// line per delivery. The library checks the timestamp against the current clock, 5 minutes either way.
/// </summary>
public sealed class StandardWebhooksVerifier : IAsyncDisposable
{
    public const string InstallStep =
        "Run `npm ci --prefix tests/webhook-verifier --no-audit --no-fund` (./platform test does it when node_modules is missing).";
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly System.Text.StringBuilder _errors = new();

    private StandardWebhooksVerifier(Process process)
    {
        _process = process;
    }

    public sealed record Verdict(bool Ok, string? Error);

    private sealed record Delivery(
        [property: JsonPropertyName("secret")] string Secret,
        [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, string> Headers,
        [property: JsonPropertyName("body")] string Body);

    /// <summary>Fails, never skips, when node or the library is missing: an unverified delivery must not pass.</summary>
    public static StandardWebhooksVerifier Start()
    {
        var directory = Path.Combine(Repository.Root, "tests", "webhook-verifier");
        Assert.True(Directory.Exists(Path.Combine(directory, "node_modules", "standardwebhooks")),
            $"tests/webhook-verifier/node_modules is missing. {InstallStep}");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("verify.mjs");
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"node is not on PATH ({missing.Message}). Install Node.js 20+, then: {InstallStep}", missing);
        }
        var verifier = new StandardWebhooksVerifier(process);
        process.ErrorDataReceived += (_, line) =>
        {
            lock (verifier._errors)
            {
                verifier._errors.AppendLine(line.Data);
            }
        };
        process.BeginErrorReadLine();
        return verifier;
    }

    /// <param name="secret">The whole secret, <c>whsec_</c> included.</param>
    /// <param name="headers">The delivery's webhook-id, webhook-timestamp and webhook-signature.</param>
    public async Task<Verdict> VerifyAsync(string secret, IReadOnlyDictionary<string, string> headers, string body)
    {
        await _oneAtATime.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(AnswerTimeout);
            await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new Delivery(secret, headers, body)).AsMemory(), timeout.Token);
            await _process.StandardInput.FlushAsync(timeout.Token);
            string? answer;
            try
            {
                answer = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                answer = null;
            }
            if (answer is null)
            {
                throw new InvalidOperationException(
                    $"tests/webhook-verifier/verify.mjs gave no answer within {AnswerTimeout.TotalSeconds} s: {Errors()}");
            }
            return JsonSerializer.Deserialize<Verdict>(answer, Json)
                ?? throw new InvalidOperationException($"tests/webhook-verifier/verify.mjs answered {answer}");
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        _process.Dispose();
        _oneAtATime.Dispose();
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.Length == 0 ? "(nothing on stderr)" : _errors.ToString();
        }
    }
}
