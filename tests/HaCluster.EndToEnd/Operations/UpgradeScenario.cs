using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;
using HaCluster.EndToEnd.StandIn;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What <see cref="UpgradeScenario"/> saw at each step.</summary>
public sealed record UpgradeStory
{
    public required ProcessResult SkippedMinorRefused { get; init; }
    public required IReadOnlyList<string> ChangesBySkippedMinor { get; init; }
    public required ProcessResult StoppedControllerRefused { get; init; }
    public required IReadOnlyList<string> ChangesByStoppedController { get; init; }
    public required ProcessResult DowngradeRefused { get; init; }
    public required IReadOnlyList<string> ChangesByDowngrade { get; init; }
    public required ProcessResult DryRun { get; init; }
    public required IReadOnlyList<string> ChangesByDryRun { get; init; }
    public required ProcessResult Upgrade { get; init; }
    public required IReadOnlyList<ReadyzProbe> ProbesDuringUpgrade { get; init; }
    public required IReadOnlyDictionary<string, string> VersionsAfter { get; init; }
    public required IReadOnlyList<UnitRestart> ControllerRestarts { get; init; }
    public required IReadOnlyList<UnitRestart> WorkerRestarts { get; init; }
    public required IReadOnlyList<string> CordonedAfter { get; init; }
    public required ProcessResult SecondApply { get; init; }
}

/// <summary>
/// 2 load balancers (h1, h2), 3 controllers (h3-h5), 4 workers (h6-h9) on the stand-in as k0s v1.33.4, applied; then
/// the upgrade to v1.34.1: refused for a skipped minor, for a stopped controller and (h9 upgraded by hand) for a
/// downgrade, each changing nothing; planned with --dry-run; run with workerDisruptionPercent 50 while the real
/// kubectl polls /readyz through the VIP; applied once more.
/// </summary>
public sealed class UpgradeScenario() : ScenarioLab<UpgradeStory>(new LabOptions { Hosts = 9 })
{
    public const string From = "v1.33.4+k0s.0";
    public const string To = "v1.34.1+k0s.0";

    public static readonly string[] Controllers = ["h3", "h4", "h5"];
    public static readonly string[] Workers = ["h6", "h7", "h8", "h9"];

    protected override async Task<UpgradeStory> RunStoryAsync()
    {
        var newBinary = await StandInBuilds.PathOfAsync(To);
        Expect(await HactlAsync("apply", ClusterYamlPath, "--kubeconfig-out", KubeconfigPath), 0);
        var upgradeConfig = await WriteConfigAsync("upgrade.yaml", yaml => Upgraded(yaml, newBinary));

        // 1.33 → 1.35, downloaded by the hosts: refused before anything is fetched.
        var skipConfig = await WriteConfigAsync("skip-minor.yaml", yaml => string.Join('\n', yaml.Split('\n')
            .Where(l => !l.Contains("uploadBinary:", StringComparison.Ordinal) && !l.Contains("k0sBinaryPath:", StringComparison.Ordinal)))
            .Replace($"version: {From}", "version: v1.35.0+k0s.0", StringComparison.Ordinal));
        var (skipped, changesBySkip) = await UnchangedAsync(() => HactlAsync("apply", skipConfig));

        (await ExecAsync("h4", "systemctl", "stop", "k0scontroller")).ThrowIfFailed();
        var (stopped, changesByStopped) = await UnchangedAsync(() => HactlAsync("apply", upgradeConfig));
        (await ExecAsync("h4", "systemctl", "start", "k0scontroller")).ThrowIfFailed();
        await OutOfBand.WaitForApiAsync(this, "h4");

        // h9 runs the new version, put there by hand; the config still says the old one.
        await CopyToHostAsync("h9", newBinary, "/usr/local/bin/k0s", "0750");
        (await ExecAsync("h9", "systemctl", "restart", "k0sworker")).ThrowIfFailed();
        var (downgrade, changesByDowngrade) = await UnchangedAsync(() => HactlAsync("apply", ClusterYamlPath));

        var (dryRun, changesByDryRun) = await UnchangedAsync(() => HactlAsync("apply", upgradeConfig, "--dry-run"));

        var upgrading = HactlAsync("apply", upgradeConfig, "--output", "json");
        var probes = await UpgradeProbes.PollReadyzAsync(KubeconfigPath, upgrading);
        var upgrade = await upgrading;

        return new UpgradeStory
        {
            SkippedMinorRefused = skipped,
            ChangesBySkippedMinor = changesBySkip,
            StoppedControllerRefused = stopped,
            ChangesByStoppedController = changesByStopped,
            DowngradeRefused = downgrade,
            ChangesByDowngrade = changesByDowngrade,
            DryRun = dryRun,
            ChangesByDryRun = changesByDryRun,
            Upgrade = upgrade,
            ProbesDuringUpgrade = probes,
            VersionsAfter = await UpgradeProbes.RunningVersionsAsync(this, [.. Controllers, .. Workers]),
            ControllerRestarts = await Task.WhenAll(Controllers.Select(h => UpgradeProbes.LastRestartAsync(this, h, "k0scontroller"))),
            WorkerRestarts = await Task.WhenAll(Workers.Select(h => UpgradeProbes.LastRestartAsync(this, h, "k0sworker"))),
            CordonedAfter = await UpgradeProbes.CordonedNodesAsync(KubeconfigPath),
            SecondApply = await HactlAsync("apply", upgradeConfig),
        };
    }

    /// <summary>The lab's config pointing at the new stand-in build, with its version and k0sctl's workerDisruptionPercent 50.</summary>
    public static string Upgraded(string yaml, string newBinary, int disruptionPercent = 50)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var lines = yaml.Split('\n').Select(l => l.Contains("k0sBinaryPath:", StringComparison.Ordinal)
            ? l[..(l.IndexOf("k0sBinaryPath:", StringComparison.Ordinal) + "k0sBinaryPath:".Length)] + " " + newBinary
            : l);
        return string.Join('\n', lines).Replace($"version: {From}", $"version: {To}", StringComparison.Ordinal).TrimEnd('\n')
            + $"\n  options:\n    concurrency:\n      workerDisruptionPercent: {disruptionPercent}\n";
    }

    private async Task<(ProcessResult Result, IReadOnlyList<string> Changes)> UnchangedAsync(Func<Task<ProcessResult>> run)
    {
        var before = await HostFingerprint.TakeAllAsync(this);
        var result = await run();
        return (result, UpgradeProbes.ChangesButTheLock(before, await HostFingerprint.TakeAllAsync(this)));
    }
}
