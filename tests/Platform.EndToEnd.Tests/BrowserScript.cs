using Platform.Testing;
using System.Diagnostics;
using System.Text;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A browser script of tests/alert-page (alert-page.mjs, staff-passkey.mjs) run by node: a line protocol on stdin and
/// stdout, its verdict in its exit code.
/// </summary>
internal sealed class BrowserScript : IAsyncDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string InstallStep =
        "Install them with: apt-get install -y --no-install-recommends chromium && npm ci --prefix tests/alert-page " +
        "(./platform test does both before any test runs).";
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private BrowserScript(Process process)
    {
        _process = process;
    }

    private static readonly string Directory = Path.Combine(PlatformStack.RepositoryRoot, "tests", "alert-page");

    /// <summary>Fails, never skips: a missing browser must not turn this acceptance test green.</summary>
    public static void RequireInstalled()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing. {InstallStep}");
        Assert.True(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "playwright-core")),
            $"tests/alert-page/node_modules is missing. {InstallStep}");
    }

    public static BrowserScript Start(params string[] arguments) => Run("alert-page.mjs", arguments);

    public static BrowserScript Run(string scriptFile, params string[] arguments)
    {
        RequireInstalled();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(scriptFile);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"node is not on PATH ({missing.Message}). Install Node.js 20+; {InstallStep}", missing);
        }
        var script = new BrowserScript(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            lock (script._lines)
            {
                script._lines.Add(line.Data);
            }
            script._lineArrived.Release();
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (script._errors)
            {
                script._errors.AppendLine(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    public async Task WaitForLineAsync(string expected)
    {
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        while (true)
        {
            lock (_lines)
            {
                if (_lines.Contains(expected))
                {
                    return;
                }
            }
            if (_process.HasExited)
            {
                // Let the last output lines arrive before judging.
                await _process.WaitForExitAsync();
                lock (_lines)
                {
                    if (_lines.Contains(expected))
                    {
                        return;
                    }
                }
                Assert.Fail($"the browser script ended ({_process.ExitCode}) before \"{expected}\": {Output()}");
            }
            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the browser script did not say \"{expected}\" within {ScriptTimeout.TotalSeconds} s: {Output()}");
            }
        }
    }

    /// <summary>Waits for the first line that starts with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineStartingAsync(string prefix)
    {
        await Eventually.TrueAsync(() =>
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                lock (_lines)
                {
                    Assert.True(_lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)),
                        $"the browser script ended ({_process.ExitCode}) before a line starting \"{prefix}\": {Output()}");
                }
            }
            lock (_lines)
            {
                return Task.FromResult(_lines.Any(line => line.StartsWith(prefix, StringComparison.Ordinal)));
            }
        }, $"the browser script's \"{prefix}...\" line", ScriptTimeout);
        lock (_lines)
        {
            return _lines.First(line => line.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public async Task WaitForSuccessAsync()
    {
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        Assert.True(_process.ExitCode == 0, $"the browser script failed ({_process.ExitCode}): {Output()}");
    }

    private string Output()
    {
        lock (_lines)
        {
            lock (_errors)
            {
                return $"stdout: {string.Join(" | ", _lines)}; stderr: {_errors}";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Its own process tree only: node and the chromium it started.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
