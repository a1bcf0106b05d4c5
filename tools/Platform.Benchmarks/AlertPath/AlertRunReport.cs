using System.Globalization;
using System.Text;

namespace Platform.Benchmarks.AlertPath;

/// <summary>How one alert of the run went, from its press's send time and its SMS's receive times at the sandbox.</summary>
public sealed record AlertOutcome(Press Press, int Sms, int ContactsReached, DateTimeOffset? FirstSms, DateTimeOffset? LastSms, bool Complete);

/// <summary>The setting a run's figures only mean something in.</summary>
public sealed record RunSetting(
    string Machine,
    string LoadAtStart,
    string Build,
    string Durability,
    IReadOnlyList<StackProcess> Stack,
    int Beneficiaries,
    int Contacts,
    double Rate,
    TimeSpan Duration,
    TimeSpan DrainTimeout);

/// <summary>What the run measured, once every SMS has arrived or the drain timeout passed.</summary>
public sealed record RunMeasures(
    IReadOnlyList<Press> Presses,
    IReadOnlyList<Receipt> Receipts,
    DateTimeOffset ScheduleStart,
    TimeSpan Drained,
    bool DrainTimedOut,
    long ReceiptsDropped,
    CpuSample CpuBefore,
    CpuSample CpuAfter,
    IReadOnlyDictionary<string, long?> PeakMemory,
    bool PeaksSinceRunStart);

/// <summary>
/// Correlates each press with its SMS by trace id and prints: latencies (press -> 202, first SMS, last SMS), sustained
/// throughput over the steady part, lost alerts and extra SMS, and where the CPU and memory went.
/// </summary>
public static class AlertRunReport
{
    /// <summary>The first fifth of the schedule is the ramp: queues fill, caches warm, the steady part starts after.</summary>
    private const double RampShare = 0.2;

    public static IReadOnlyList<AlertOutcome> Outcomes(IReadOnlyList<Press> presses, IReadOnlyList<Receipt> receipts, out int otherSms)
    {
        var byTrace = presses.ToDictionary(press => press.TraceId, StringComparer.Ordinal);
        var received = presses.ToDictionary(press => press.TraceId, _ => new List<Receipt>(), StringComparer.Ordinal);
        otherSms = 0;
        foreach (var receipt in receipts)
        {
            if (receipt.TraceId is { } traceId && received.TryGetValue(traceId, out var mine))
            {
                mine.Add(receipt);
            }
            else
            {
                otherSms++;
            }
        }
        return [.. received.Select(pair =>
        {
            var press = byTrace[pair.Key];
            var sms = pair.Value;
            var reached = sms.Select(receipt => receipt.To).Where(press.She.Phones.Contains).Distinct(StringComparer.Ordinal).Count();
            return new AlertOutcome(press, sms.Count, reached,
                sms.Count > 0 ? sms.Min(receipt => receipt.ReceivedAt) : null,
                sms.Count > 0 ? sms.Max(receipt => receipt.ReceivedAt) : null,
                reached == press.She.Phones.Count);
        }).OrderBy(outcome => outcome.Press.Index)];
    }

    public static string Render(RunSetting setting, RunMeasures measures)
    {
        var outcomes = Outcomes(measures.Presses, measures.Receipts, out var otherSms);
        var accepted = outcomes.Where(outcome => outcome.Press.Status == 202).ToList();
        var text = new StringBuilder();
        void Line(string label, string value) => text.Append(CultureInfo.InvariantCulture, $"{label,-20}{value}\n");

        text.Append(CultureInfo.InvariantCulture,
            $"== open-loop alert benchmark: {setting.Rate:0.##} alerts/s for {setting.Duration.TotalSeconds:0.#} s ({measures.Presses.Count} presses), " +
            $"{setting.Contacts} confirmed contacts each, {setting.Beneficiaries} beneficiaries ==\n");
        Line("machine", setting.Machine);
        Line("load average", $"{setting.LoadAtStart} (1/5/15 min) before the run");
        Line("build", setting.Build);
        Line("durability", setting.Durability);
        Line("stack", string.Join(", ", setting.Stack.Select(process => process.Name)));

        var lags = measures.Presses.Select(press => press.Lag.TotalMilliseconds).ToList();
        Line("schedule lag", $"{Percentiles(lags)}; {lags.Count(lag => lag > 10)} presses left more than 10 ms late");
        Line("press -> 202", Percentiles([.. accepted.Select(outcome => outcome.Press.Answered!.Value.TotalMilliseconds)]));
        Line("press -> first SMS", Percentiles([.. accepted.Where(o => o.FirstSms is not null)
            .Select(o => (o.FirstSms!.Value - o.Press.SentAt).TotalMilliseconds)]));
        Line("press -> last SMS", Percentiles([.. accepted.Where(o => o.Complete)
            .Select(o => (o.LastSms!.Value - o.Press.SentAt).TotalMilliseconds)]) + $"  (alerts with all {setting.Contacts} SMS)");

        // Throughput from the sandbox's receive times, over the steady part of the schedule.
        var steadyFrom = measures.ScheduleStart + (setting.Duration * RampShare);
        var steadyTo = measures.ScheduleStart + setting.Duration;
        var steadySeconds = (steadyTo - steadyFrom).TotalSeconds;
        var delivered = accepted.Count(o => o.Complete && o.LastSms >= steadyFrom && o.LastSms < steadyTo);
        var runTraces = measures.Presses.Select(press => press.TraceId).ToHashSet(StringComparer.Ordinal);
        var smsInWindow = measures.Receipts.Count(receipt => receipt.ReceivedAt >= steadyFrom && receipt.ReceivedAt < steadyTo
            && receipt.TraceId is { } trace && runTraces.Contains(trace));
        var lastDelivery = accepted.Where(o => o.Complete).Select(o => o.LastSms!.Value).DefaultIfEmpty(measures.ScheduleStart).Max();
        var wholeRun = (lastDelivery - measures.ScheduleStart).TotalSeconds;
        Line("throughput", string.Create(CultureInfo.InvariantCulture,
            $"offered {setting.Rate:0.##} alerts/s; steady part ({setting.Duration.TotalSeconds * RampShare:0.#}-{setting.Duration.TotalSeconds:0.#} s): " +
            $"{delivered / steadySeconds:F1} alerts/s fully delivered, {smsInWindow / steadySeconds:F0} SMS/s; " +
            $"whole run: {accepted.Count(o => o.Complete)} alerts in {wholeRun:F1} s = {accepted.Count(o => o.Complete) / Math.Max(wholeRun, 0.001):F1}/s"));

        var refused = outcomes.Where(o => o.Press.Status is not 202).ToList();
        var lost = accepted.Count(o => !o.Complete);
        // More than one SMS to a contact for one alert: what the once-only dispatch records exist to prevent.
        var extra = outcomes.Where(o => o.Sms > o.ContactsReached).ToList();
        var dropped = measures.ReceiptsDropped > 0
            ? $"; {measures.ReceiptsDropped} receipts DROPPED by the sandbox (raise PLATFORM_SANDBOX_MAX_RECORDS)"
            : "";
        Line("outcomes", string.Create(CultureInfo.InvariantCulture,
            $"{accepted.Count} accepted (202), {refused.Count} not{RefusalDetail(refused)}; " +
            $"lost {lost} (still missing an SMS when the drain ended, {measures.Drained.TotalSeconds:F1} s after the last answer, " +
            $"{(measures.DrainTimedOut ? "AT the" : "within the")} {setting.DrainTimeout.TotalSeconds:F0} s timeout); " +
            $"extra SMS {extra.Sum(o => o.Sms - o.ContactsReached)} (in {extra.Count} alerts); other SMS during the run {otherSms}{dropped}"));

        Line(measures.PeaksSinceRunStart ? "peak memory (run)" : "peak memory", string.Join(", ", measures.PeakMemory.Select(pair =>
            string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {(pair.Value is { } bytes ? $"{bytes / 1024.0 / 1024.0:F0} MiB" : "?")}")))
            + (measures.PeaksSinceRunStart ? "  (VmHWM, reset when the run started)" : "  (VmHWM since each process started)"));

        var seconds = (measures.CpuAfter.MachineTotal - measures.CpuBefore.MachineTotal) / 100.0 / Environment.ProcessorCount;
        var perProcess = setting.Stack.Select(process => (process.Name, Seconds: MachineFacts.CpuSeconds(measures.CpuBefore, measures.CpuAfter, process.Pid)))
            .Append((Name: "benchmark", Seconds: (measures.CpuAfter.Benchmark - measures.CpuBefore.Benchmark).TotalSeconds))
            .OrderByDescending(entry => entry.Seconds);
        Line("cpu", string.Create(CultureInfo.InvariantCulture,
            $"machine {MachineFacts.MachineBusy(measures.CpuBefore, measures.CpuAfter) * 100 * Environment.ProcessorCount:F0}% of {100 * Environment.ProcessorCount}% busy over {seconds:F1} s; ") +
            string.Join(", ", perProcess.Select(entry => string.Create(CultureInfo.InvariantCulture,
                $"{entry.Name} {entry.Seconds / Math.Max(seconds, 0.001) * 100:F0}%"))) + " (the rest: PostgreSQL, RabbitMQ, other work)");
        return text.ToString();
    }

    private static string RefusalDetail(List<AlertOutcome> refused) =>
        refused.Count == 0
            ? ""
            : " (" + string.Join(", ", refused.GroupBy(o => o.Press.Status?.ToString(CultureInfo.InvariantCulture) ?? o.Press.Error ?? "?")
                .Select(group => $"{group.Key}: {group.Count()}")) + ")";

    /// <summary>Nearest-rank percentiles, in milliseconds.</summary>
    public static string Percentiles(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return "n=   0";
        }
        var sorted = values.Order().ToList();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"n={sorted.Count,5}  p50 {At(0.50),8:F1} ms  p95 {At(0.95),8:F1} ms  p99 {At(0.99),8:F1} ms  max {sorted[^1],8:F1} ms");
    }
}
