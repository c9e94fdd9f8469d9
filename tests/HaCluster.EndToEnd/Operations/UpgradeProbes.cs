using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HaCluster.EndToEnd.Apply;

namespace HaCluster.EndToEnd.Operations;

/// <summary>One /readyz probe through the VIP: when it ran (CLOCK_MONOTONIC µs, the clock systemd stamps units with) and what it got.</summary>
public sealed record ReadyzProbe(long StartUs, long EndUs, bool Ok, string Answer);

/// <summary>When a k0s unit last began to stop (left "active") and last became active again (CLOCK_MONOTONIC µs).</summary>
public sealed record UnitRestart(string Host, long StoppedUs, long StartedUs);

/// <summary>What the rolling-upgrade stories measure on the lab, out of band.</summary>
internal static class UpgradeProbes
{
    /// <summary>Polls /readyz through the kubeconfig's server (the VIP) every 200 ms until <paramref name="until"/> completes.</summary>
    public static async Task<IReadOnlyList<ReadyzProbe>> PollReadyzAsync(string kubeconfig, Task until)
    {
        var probes = new List<ReadyzProbe>();
        while (!until.IsCompleted)
        {
            var start = NowUs();
            var readyz = await ClusterChecks.KubectlReadyzAsync(kubeconfig);
            var ok = readyz.Succeeded && readyz.StdOut.Trim() == "ok";
            probes.Add(new ReadyzProbe(start, NowUs(), ok, ok ? "ok" : $"{readyz.StdOut.Trim()} {readyz.StdErr.Trim()}"));
            await Task.WhenAny(until, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
        return probes;
    }

    /// <summary>
    /// The restarts no probe watched: none was in flight from the unit's stop until 2 s after its start. The poller
    /// pauses 200 ms between probes, so one that ran all through the upgrade watched every restart however slowly
    /// each probe went on a loaded machine (a count of probes would measure the machine instead).
    /// </summary>
    public static IReadOnlyList<string> Unwatched(IReadOnlyList<ReadyzProbe> probes, IEnumerable<UnitRestart> restarts) =>
        [.. restarts.Where(r => !probes.Any(p => p.EndUs >= r.StoppedUs && p.StartUs <= r.StartedUs + 2_000_000)).Select(r => r.Host)];

    /// <summary>
    /// How long requests failed in all: the union of the failed probes' own spans, each from when it was sent to when
    /// it failed. (The gaps between probes are not counted, as a 200 ms polling interval would else count as failure.)
    /// </summary>
    public static TimeSpan Outage(IReadOnlyList<ReadyzProbe> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        long total = 0, coveredUntil = long.MinValue;
        foreach (var failed in probes.Where(p => !p.Ok).OrderBy(p => p.StartUs))
        {
            var start = Math.Max(failed.StartUs, coveredUntil);
            if (failed.EndUs > start)
            {
                total += failed.EndUs - start;
            }
            coveredUntil = Math.Max(coveredUntil, failed.EndUs);
        }
        return TimeSpan.FromMicroseconds(total);
    }

    /// <summary>The failed probes, each placed against the nearest of the given moments, for a failure message.</summary>
    public static string DescribeFailures(IReadOnlyList<ReadyzProbe> probes, IReadOnlyList<(string What, long AtUs)> moments) =>
        string.Join("\n", probes.Where(p => !p.Ok).Select(p =>
        {
            var nearest = moments.OrderBy(m => Math.Abs(p.StartUs - m.AtUs)).FirstOrDefault();
            return $"{(p.StartUs - nearest.AtUs) / 1000.0:+0;-0} ms from {nearest.What}, lasting {(p.EndUs - p.StartUs) / 1000} ms: {p.Answer}";
        }));

    // .NET's Stopwatch on Linux reads CLOCK_MONOTONIC in nanoseconds; systemd's *TimestampMonotonic is the same clock in µs.
    private static long NowUs() => Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1_000_000);

    public static async Task<UnitRestart> LastRestartAsync(Lab.Lab lab, string host, string unit)
    {
        var output = (await lab.ExecAsync(host, "systemctl", "show", unit, "-p", "ActiveExitTimestampMonotonic", "-p", "ActiveEnterTimestampMonotonic")).ThrowIfFailed().StdOut;
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new UnitRestart(host, values["ActiveExitTimestampMonotonic"], values["ActiveEnterTimestampMonotonic"]);
    }

    /// <summary>The version `k0s status` reports for the running k0s on each host.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunningVersionsAsync(Lab.Lab lab, IEnumerable<string> hosts)
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var host in hosts)
        {
            var status = await lab.ExecAsync(host, "k0s", "status", "-o", "json");
            versions[host] = status.Succeeded ? JsonDocument.Parse(status.StdOut).RootElement.GetProperty("Version").GetString() ?? "" : $"not running: {status.StdErr.Trim()}";
        }
        return versions;
    }

    /// <summary>The nodes the API lists as unschedulable (cordoned).</summary>
    public static async Task<IReadOnlyList<string>> CordonedNodesAsync(string kubeconfig)
    {
        var nodes = (await ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--request-timeout=10s", "get", "nodes", "-o", "json"], TimeSpan.FromSeconds(30)))
            .ThrowIfFailed().StdOut;
        using var document = JsonDocument.Parse(nodes);
        return [.. document.RootElement.GetProperty("items").EnumerateArray()
            .Where(n => n.TryGetProperty("spec", out var spec) && spec.TryGetProperty("unschedulable", out var u) && u.ValueKind == JsonValueKind.True)
            .Select(n => n.GetProperty("metadata").GetProperty("name").GetString() ?? "")];
    }

    /// <summary>The run's JSON events of one kind.</summary>
    public static IReadOnlyList<JsonElement> Events(ProcessResult run, string kind) =>
        [.. run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == kind)];

    /// <summary>Fingerprint changes, but for the run's own lock, which apply takes and releases before it refuses.</summary>
    public static IReadOnlyList<string> ChangesButTheLock(IReadOnlyList<HostFingerprint> before, IReadOnlyList<HostFingerprint> after) =>
        [.. HostFingerprint.Changes(before, after).Where(c => !c.Split(' ')[1].StartsWith("/run/lock", StringComparison.Ordinal))];
}
