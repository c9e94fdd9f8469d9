using System.Diagnostics;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What <see cref="PowerCutScenario"/> saw at each step.</summary>
public sealed record PowerCutStory
{
    public required ProcessResult DryRun { get; init; }
    public required IReadOnlyList<string> ChangesByDryRun { get; init; }
    public required ProcessResult Recovery { get; init; }
    public required TimeSpan RecoveryTook { get; init; }
    public required ProcessResult StatusAfterRecovery { get; init; }
    public required IReadOnlyList<string> ReadyNodesAfterRecovery { get; init; }
    public required ProcessResult Refused { get; init; }
    public required IReadOnlyList<string> ChangesByRefusal { get; init; }
}

/// <summary>
/// 2 load balancers (h1, h2), 3 controllers (h3-h5), 1 worker (h6), applied; then a power cut: k0s stopped on every
/// controller and on the worker; apply (planned first with --dry-run) brings it all back. Then a cut that loses two
/// members for good: all three stopped and h4, h5 reset, so only h3 can start: apply refuses, changing nothing.
/// </summary>
public sealed class PowerCutScenario() : ScenarioLab<PowerCutStory>(new LabOptions { Hosts = 6 })
{
    public static readonly string[] ControllerHosts = ["h3", "h4", "h5"];

    protected override async Task<PowerCutStory> RunStoryAsync()
    {
        Expect(await HactlAsync("apply", ClusterYamlPath, "--kubeconfig-out", KubeconfigPath), 0);

        await StopAllAsync();
        (await ExecAsync("h6", "systemctl", "stop", "k0sworker")).ThrowIfFailed();
        var beforeDryRun = await HostFingerprint.TakeAllAsync(this);
        var dryRun = await HactlAsync("apply", ClusterYamlPath, "--dry-run");
        var changesByDryRun = WithoutLock(HostFingerprint.Changes(beforeDryRun, await HostFingerprint.TakeAllAsync(this)));
        var clock = Stopwatch.StartNew();
        var recovery = await HactlAsync("apply", ClusterYamlPath);
        var took = clock.Elapsed;
        var status = await StatusUntilAsync(ClusterYamlPath, s => s.ExitCode == 0);
        var readyNodes = await ClusterChecks.ReadyNodesAsync(this, "h3");

        await StopAllAsync();
        foreach (var host in new[] { "h4", "h5" })
        {
            (await ExecAsync(host, "/usr/local/bin/k0s", "reset")).ThrowIfFailed();
        }
        var beforeRefusal = await HostFingerprint.TakeAllAsync(this);
        var refused = await HactlAsync("apply", ClusterYamlPath);
        var changesByRefusal = WithoutLock(HostFingerprint.Changes(beforeRefusal, await HostFingerprint.TakeAllAsync(this)));

        return new PowerCutStory
        {
            DryRun = dryRun,
            ChangesByDryRun = changesByDryRun,
            Recovery = recovery,
            RecoveryTook = took,
            StatusAfterRecovery = status,
            ReadyNodesAfterRecovery = readyNodes,
            Refused = refused,
            ChangesByRefusal = changesByRefusal,
        };
    }

    // The power cut: every controller's k0s stops at about the same time.
    private async Task StopAllAsync()
    {
        foreach (var stopped in await Task.WhenAll(ControllerHosts.Select(h => ExecAsync(h, "systemctl", "stop", "k0scontroller"))))
        {
            stopped.ThrowIfFailed();
        }
    }

    // apply's lock (/run/lock/hactl) is taken and released by every run, the refused one included.
    private static List<string> WithoutLock(IReadOnlyList<string> changes) =>
        [.. changes.Where(c => !c.Split(' ')[1].StartsWith("/run/lock", StringComparison.Ordinal))];
}
