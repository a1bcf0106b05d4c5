using System.Globalization;

namespace Platform.Benchmarks.AlertPath;

/// <summary>A process of the stack: its name is its pid file's (gateway, notifications-2...).</summary>
public sealed record StackProcess(string Name, int Pid);

/// <summary>CPU time used so far: by the whole machine (busy and total, in clock ticks) and by each process.</summary>
public sealed record CpuSample(long MachineBusy, long MachineTotal, IReadOnlyDictionary<int, long> ProcessTicks, TimeSpan Benchmark);

/// <summary>What the figures depend on, read from /proc: the machine, its load, each process's CPU and peak memory.</summary>
public static class MachineFacts
{
    /// <summary>USER_HZ: what /proc/[pid]/stat counts CPU time in, 100 on every Linux the platform runs on.</summary>
    private const double TicksPerSecond = 100;

    public static string Describe()
    {
        var model = ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = Kibibytes("/proc/meminfo", "MemTotal:") is { } total ? $"{total / 1024.0 / 1024.0:F1} GiB RAM" : "RAM unknown";
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({model}), {memory}, {Environment.OSVersion.VersionString}");
    }

    /// <summary>The 1, 5 and 15 minute load averages: above the core count, something else competed for the CPU.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Every process ./platform started, from $PLATFORM_STATE_DIR/run/*.pid.</summary>
    public static IReadOnlyList<StackProcess> StackProcesses(string runDirectory) =>
        Directory.Exists(runDirectory)
            ? [.. Directory.GetFiles(runDirectory, "*.pid")
                .Select(file => (Name: Path.GetFileNameWithoutExtension(file), Text: File.ReadAllText(file).Trim()))
                .OrderBy(entry => entry.Name, StringComparer.Ordinal)
                .Where(entry => int.TryParse(entry.Text, CultureInfo.InvariantCulture, out var pid) && Directory.Exists($"/proc/{pid}"))
                .Select(entry => new StackProcess(entry.Name, int.Parse(entry.Text, CultureInfo.InvariantCulture)))]
            : [];

    /// <summary>Peak resident memory since start, or since <see cref="ResetPeakMemory"/>, in bytes.</summary>
    public static long? PeakResident(int pid) => Kibibytes($"/proc/{pid}/status", "VmHWM:") * 1024;

    /// <summary>Restarts VmHWM from the current resident size (Linux 4.0+, needs the right to write clear_refs).</summary>
    public static bool ResetPeakMemory(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static CpuSample SampleCpu(IEnumerable<StackProcess> processes)
    {
        long busy = 0, total = 0;
        if (ReadLines("/proc/stat").FirstOrDefault(line => line.StartsWith("cpu ", StringComparison.Ordinal)) is { } cpu)
        {
            var ticks = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToList();
            total = ticks.Take(8).Sum();
            busy = total - ticks[3] - ticks[4]; // idle, iowait
        }
        var perProcess = new Dictionary<int, long>();
        foreach (var process in processes)
        {
            if (ProcessTicks(process.Pid) is { } used)
            {
                perProcess[process.Pid] = used;
            }
        }
        return new CpuSample(busy, total, perProcess, System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);
    }

    /// <summary>CPU seconds a process used between two samples.</summary>
    public static double CpuSeconds(CpuSample before, CpuSample after, int pid) =>
        after.ProcessTicks.TryGetValue(pid, out var end) && before.ProcessTicks.TryGetValue(pid, out var start) ? (end - start) / TicksPerSecond : 0;

    /// <summary>Share of all cores busy between two samples, 0 to 1.</summary>
    public static double MachineBusy(CpuSample before, CpuSample after) =>
        after.MachineTotal > before.MachineTotal
            ? (double)(after.MachineBusy - before.MachineBusy) / (after.MachineTotal - before.MachineTotal)
            : 0;

    private static long? ProcessTicks(int pid)
    {
        try
        {
            // The command name may hold spaces: fields count from after its closing parenthesis (utime is the 14th field).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long? Kibibytes(string file, string field) =>
        ReadLines(file).FirstOrDefault(line => line.StartsWith(field, StringComparison.Ordinal)) is { } line
            ? long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : null;

    private static string[] ReadLines(string file)
    {
        try
        {
            return File.ReadAllLines(file);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
