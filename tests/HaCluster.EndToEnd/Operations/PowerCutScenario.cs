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
/// Told on <see cref="EjectScenario"/>'s lab (<see cref="EjectThenPowerCut"/>), the same topology, once the eject
/// story and its status checks are done (it runs them first if no eject test has): they end with the cluster whole and
/// applied again (h4 joined back), which is where the power cut strikes; the cut leaves it broken for good, so it goes
/// last whichever test class runs first.
/// </summary>
public sealed class PowerCutScenario(EjectScenario lab)
{
    public static readonly string[] ControllerHosts = ["h3", "h4", "h5"];

    private Lazy<Task<PowerCutStory>>? running;

    public Task<PowerCutStory> Story => (running ??= new Lazy<Task<PowerCutStory>>(RunStoryAsync)).Value;

    public LabHost Host(string name) => lab.Host(name);

    private async Task<PowerCutStory> RunStoryAsync()
    {
        // Waited for, not awaited: the eject tests report a failed story; the apply below says what it left.
        await Task.WhenAny(lab.StatusChecks);
        Expect(await lab.HactlAsync("apply", lab.ClusterYamlPath, "--kubeconfig-out", lab.KubeconfigPath), 0);

        await StopAllAsync();
        (await lab.ExecAsync("h6", "systemctl", "stop", "k0sworker")).ThrowIfFailed();
        var beforeDryRun = await HostFingerprint.TakeAllAsync(lab);
        var dryRun = await lab.HactlAsync("apply", lab.ClusterYamlPath, "--dry-run");
        var changesByDryRun = WithoutLock(HostFingerprint.Changes(beforeDryRun, await HostFingerprint.TakeAllAsync(lab)));
        var clock = Stopwatch.StartNew();
        var recovery = await lab.HactlAsync("apply", lab.ClusterYamlPath);
        var took = clock.Elapsed;
        var status = await lab.StatusUntilAsync(lab.ClusterYamlPath, s => s.ExitCode == 0);
        var readyNodes = await ClusterChecks.ReadyNodesAsync(lab, "h3");

        await StopAllAsync();
        foreach (var host in new[] { "h4", "h5" })
        {
            (await lab.ExecAsync(host, "/usr/local/bin/k0s", "reset")).ThrowIfFailed();
        }
        var beforeRefusal = await HostFingerprint.TakeAllAsync(lab);
        var refused = await lab.HactlAsync("apply", lab.ClusterYamlPath);
        var changesByRefusal = WithoutLock(HostFingerprint.Changes(beforeRefusal, await HostFingerprint.TakeAllAsync(lab)));

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
        foreach (var stopped in await Task.WhenAll(ControllerHosts.Select(h => lab.ExecAsync(h, "systemctl", "stop", "k0scontroller"))))
        {
            stopped.ThrowIfFailed();
        }
    }

    private static ProcessResult Expect(ProcessResult result, int exitCode) =>
        result.ExitCode == exitCode ? result : throw new LabException($"expected exit {exitCode}, got {result}");

    // apply's lock (/run/lock/hactl) is taken and released by every run, the refused one included.
    private static List<string> WithoutLock(IReadOnlyList<string> changes) =>
        [.. changes.Where(c => !c.Split(' ')[1].StartsWith("/run/lock", StringComparison.Ordinal))];
}
