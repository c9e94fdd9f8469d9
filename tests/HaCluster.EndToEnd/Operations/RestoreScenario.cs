using System.Text.Json.Nodes;
using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What <see cref="RestoreScenario"/> saw at each step.</summary>
public sealed record RestoreStory
{
    public required ProcessResult Backup { get; init; }
    public required ProcessResult RestoreWhileRunning { get; init; }
    public required IReadOnlyList<string> ChangesByRestoreWhileRunning { get; init; }
    public required ProcessResult Reset { get; init; }
    public required ProcessResult RestoreNotABackup { get; init; }
    public required IReadOnlyList<string> ChangesByRestoreNotABackup { get; init; }

    /// <summary>The restore with the archive's host (h1) made a worker in the config.</summary>
    public required ProcessResult RestoreOntoWorker { get; init; }
    public required IReadOnlyList<string> ChangesByRestoreOntoWorker { get; init; }

    /// <summary>The restore with another CPLB virtual IP in the config than the archive's.</summary>
    public required ProcessResult RestoreOtherLoadBalancer { get; init; }
    public required IReadOnlyList<string> ChangesByRestoreOtherLoadBalancer { get; init; }
    public required ProcessResult DryRun { get; init; }
    public required ProcessResult Restore { get; init; }
    public required ProcessResult ReadyzWithOldKubeconfig { get; init; }
    public required ProcessResult LabelAfter { get; init; }
    public required IReadOnlyList<string> Members { get; init; }
    public required string Node { get; init; }
}

/// <summary>
/// k0s's own keepalived (CPLB) on 3 controllers and a worker: apply, label the worker's node,
/// `hactl backup`, a restore refused while the cluster runs, `hactl reset --force`, a restore of a file that is not a
/// backup, with the archive's host made a worker and with another virtual IP (each refused), then
/// `apply --restore-from` the backup. The story's first apply is also the one <see cref="Apply.CplbApplyTests"/> checks
/// (<see cref="Built"/>: looked at before any story runs) and the one <see cref="Backup"/>'s story starts from; the
/// restore story runs the backup story first, so the order of the test classes does not matter (<see cref="CplbThenRestore"/>).
/// </summary>
public sealed class RestoreScenario : ScenarioLab<RestoreStory>
{
    public const string Label = "hactl.test/restore";

    public RestoreScenario()
        : base(new LabOptions { Hosts = 4, Topology = LabTopologies.Cplb })
    {
        Backup = new BackupScenario(this);
    }

    /// <summary>The backup story, told on this lab from its first apply, before the restore story.</summary>
    public BackupScenario Backup { get; }

    private Lazy<Task<BuiltCluster>>? building;

    /// <summary>
    /// The first apply of the lab's cluster.yaml (run once, on first use; its kubeconfig at
    /// <see cref="ScenarioLab{TStory}.KubeconfigPath"/>) and what the built cluster looked like before any story changed it.
    /// </summary>
    public Task<BuiltCluster> Built => (building ??= new Lazy<Task<BuiltCluster>>(BuildAsync)).Value;

    private async Task<BuiltCluster> BuildAsync()
    {
        var apply = await HactlAsync("apply", ClusterYamlPath, "--kubeconfig-out", KubeconfigPath);
        if (apply.ExitCode != 0)
        {
            return new BuiltCluster(apply, null, null, [], new Dictionary<string, string>());
        }
        var readyz = await ClusterChecks.KubectlReadyzAsync(KubeconfigPath);
        return new BuiltCluster(apply, readyz, await File.ReadAllTextAsync(KubeconfigPath),
            await ClusterChecks.VipHoldersAsync(this, this.WithRole("controller").Select(h => h.Name)),
            await ClusterChecks.EtcdMembersAsync(this, "h1"));
    }

    protected override async Task<RestoreStory> RunStoryAsync()
    {
        // Waited for, not awaited (it runs first if no backup test has): the backup tests report a failed story.
        await Task.WhenAny(Backup.Story);
        Expect((await Built).Apply, 0);
        var nodes = (await KubectlAsync("get", "nodes", "-o", "json")).ThrowIfFailed();
        var node = JsonNode.Parse(nodes.StdOut)!["items"]!.AsArray()[0]!["metadata"]!["name"]!.GetValue<string>();
        (await KubectlAsync("label", "node", node, $"{Label}=before", "--overwrite")).ThrowIfFailed();

        var archive = Path.Combine(Dir, "backup.tar.gz");
        var backup = Expect(await HactlAsync("backup", ClusterYamlPath, "--out", archive), 0);

        var beforeRunning = await HostFingerprint.TakeAllAsync(this);
        var whileRunning = await HactlAsync("apply", ClusterYamlPath, "--restore-from", archive);
        var changesWhileRunning = WithoutLock(HostFingerprint.Changes(beforeRunning, await HostFingerprint.TakeAllAsync(this)));

        var reset = Expect(await HactlAsync("reset", ClusterYamlPath, "--force"), 0);

        var notABackup = Path.Combine(Dir, "not-a-backup.tar.gz");
        await File.WriteAllTextAsync(notABackup, "this is not a k0s backup\n");
        var (refusedNotABackup, changesNotABackup) = await RestoreRefusedAsync(ClusterYamlPath, notABackup);
        var h1AWorker = await WriteConfigAsync("h1-a-worker.yaml", yaml => ClusterYaml.WithRole(yaml, Host("h1").Address, "worker"));
        var (refusedOntoWorker, changesOntoWorker) = await RestoreRefusedAsync(h1AWorker, archive);
        var otherVip = await WriteConfigAsync("other-vip.yaml", yaml => yaml.Replace($"virtualIP: {VirtualIP}/", $"virtualIP: {OtherVip}/", StringComparison.Ordinal));
        var (refusedOtherVip, changesOtherVip) = await RestoreRefusedAsync(otherVip, archive);

        var dryRun = await HactlAsync("apply", ClusterYamlPath, "--restore-from", archive, "--dry-run");
        var restore = await HactlAsync("apply", ClusterYamlPath, "--restore-from", archive);

        return new RestoreStory
        {
            Backup = backup,
            RestoreWhileRunning = whileRunning,
            ChangesByRestoreWhileRunning = changesWhileRunning,
            Reset = reset,
            RestoreNotABackup = refusedNotABackup,
            ChangesByRestoreNotABackup = changesNotABackup,
            RestoreOntoWorker = refusedOntoWorker,
            ChangesByRestoreOntoWorker = changesOntoWorker,
            RestoreOtherLoadBalancer = refusedOtherVip,
            ChangesByRestoreOtherLoadBalancer = changesOtherVip,
            DryRun = dryRun,
            Restore = restore,
            ReadyzWithOldKubeconfig = await ClusterChecks.KubectlReadyzAsync(KubeconfigPath),
            LabelAfter = await KubectlAsync("get", "node", node, "-o", $"jsonpath={{.metadata.labels.{Label.Replace(".", "\\.", StringComparison.Ordinal)}}}"),
            Members = await OutOfBand.MembersAsync(this, "h2"),
            Node = node,
        };
    }

    /// <summary>The real kubectl on this machine with the admin kubeconfig hactl wrote at the first apply (server: the VIP).</summary>
    private Task<ProcessResult> KubectlAsync(params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", KubeconfigPath, "--request-timeout=10s", .. args], TimeSpan.FromSeconds(30));

    /// <summary>An address of the lab's subnet next to its VIP, held by no host.</summary>
    public string OtherVip => VirtualIP[..(VirtualIP.LastIndexOf('.') + 1)] + "249";

    /// <summary>`apply --restore-from` expected to be refused, and what it changed on any host (the lock aside).</summary>
    private async Task<(ProcessResult Result, IReadOnlyList<string> Changes)> RestoreRefusedAsync(string config, string archive)
    {
        var before = await HostFingerprint.TakeAllAsync(this);
        var result = await HactlAsync("apply", config, "--restore-from", archive);
        return (result, WithoutLock(HostFingerprint.Changes(before, await HostFingerprint.TakeAllAsync(this))));
    }

    // apply's lock touches /run/lock on every host it reaches, refused or not.
    private static List<string> WithoutLock(IReadOnlyList<string> changes) =>
        [.. changes.Where(c => !c.Contains(" /run/lock", StringComparison.Ordinal))];
}

/// <summary>The first apply of <see cref="RestoreScenario"/>'s lab and, when it succeeded, the cluster it built as seen at once.</summary>
public sealed record BuiltCluster(
    ProcessResult Apply, ProcessResult? Readyz, string? Kubeconfig, IReadOnlyList<string> VipHolders, IReadOnlyDictionary<string, string> EtcdMembers);

/// <summary>
/// One CPLB lab (3 controllers, 1 worker) for the tests of the applied cluster, then the backup story and then the
/// restore story, which both start from that apply: one lab up and one apply from scratch instead of three of each.
/// </summary>
[CollectionDefinition(Name)]
public sealed class CplbThenRestore : ICollectionFixture<RestoreScenario>
{
    public const string Name = "cplb lab: apply, backup, then restore";
}
