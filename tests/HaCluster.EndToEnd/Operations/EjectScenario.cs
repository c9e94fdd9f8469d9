using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What status said on the cluster <see cref="EjectScenario"/>'s story rebuilt: with keepalived stopped on the VIP's holder, and healthy.</summary>
public sealed record EjectStatusChecks(string OldVipHolder, string NewVipHolder, ProcessResult StatusWithKeepalivedStopped, ProcessResult StatusHealthy);

/// <summary>What <see cref="EjectScenario"/> saw at each step.</summary>
public sealed record EjectStory
{
    public required IReadOnlyDictionary<string, string> SnapshotWithH5Stopped { get; init; }
    public required ProcessResult RefusedWhileH5Stopped { get; init; }
    public required ProcessResult ForcedWhileH5Stopped { get; init; }
    public required ProcessResult StatusWhileH5Stopped { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotAfterRefusals { get; init; }
    public required ProcessResult DryRun { get; init; }
    public required IReadOnlyList<string> MembersAfterDryRun { get; init; }
    public required IReadOnlyList<string> ChangesByDryRun { get; init; }
    public required ProcessResult Eject { get; init; }
    public required int ReadyzPolls { get; init; }
    public required IReadOnlyList<string> ReadyzFailures { get; init; }
    public required IReadOnlyList<string> MembersAfterEject { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> BackendsAfterEject { get; init; }
    public required IReadOnlyList<string> LeftoversOnEjected { get; init; }
    public required ProcessResult EjectAgain { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotBeforeLastButOne { get; init; }
    public required ProcessResult EjectLastButOne { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotAfterLastButOne { get; init; }
    public required ProcessResult ApplyWithEjectedInConfig { get; init; }
    public required ProcessResult ApplyWithoutEjected { get; init; }
    public required ProcessResult ApplyWithEjectedBack { get; init; }
    public required IReadOnlyList<string> MembersAfterRejoin { get; init; }
}

/// <summary>
/// 2 load balancers (h1, h2), 3 controllers (h3-h5), 1 worker (h6), applied; then the story of ejecting h4: refused
/// while h5 is stopped (with and without --force), planned with --dry-run, ejected while the API is polled through
/// the VIP, ejected again, h5 refused as the last but one, apply refused while h4 is still in the config, apply
/// without h4, and apply with h4 back, which re-joins it. On the rebuilt cluster, <see cref="StatusChecks"/>: status
/// while keepalived is stopped on the VIP's holder, and once all is healthy again. The lab then hosts
/// <see cref="PowerCut"/>'s story, which needs the same topology applied and breaks it for good: it begins only once
/// all of this is done, whichever test class runs first.
/// </summary>
public sealed class EjectScenario : ScenarioLab<EjectStory>
{
    private Lazy<Task<EjectStatusChecks>>? checking;

    public EjectScenario()
        : base(new LabOptions { Hosts = 6 })
    {
        PowerCut = new PowerCutScenario(this);
    }

    /// <summary>The power-cut story, told on this lab after the eject story and <see cref="StatusChecks"/>.</summary>
    public PowerCutScenario PowerCut { get; }

    /// <summary>What status said on the cluster the story rebuilt: run once, after the story.</summary>
    public Task<EjectStatusChecks> StatusChecks => (checking ??= new Lazy<Task<EjectStatusChecks>>(RunStatusChecksAsync)).Value;

    private async Task<EjectStatusChecks> RunStatusChecksAsync()
    {
        await Story;
        var holder = await SingleVipHolderAsync(null);
        string next;
        ProcessResult withKeepalivedStopped;
        try
        {
            (await ExecAsync(holder, "systemctl", "stop", "keepalived")).ThrowIfFailed();
            next = await SingleVipHolderAsync(holder);
            withKeepalivedStopped = await StatusUntilAsync(ClusterYamlPath, s => s.StdOut.Contains($"\"vipHolders\":[\"{Host(next).Address}\"]", StringComparison.Ordinal));
        }
        finally
        {
            await ExecAsync(holder, "systemctl", "start", "keepalived");
        }
        await SingleVipHolderAsync(null);
        var healthy = await HactlAsync("status", ClusterYamlPath);
        return new EjectStatusChecks(holder, next, withKeepalivedStopped, healthy);
    }

    private async Task<string> SingleVipHolderAsync(string? other)
    {
        var holders = await Poll.UntilAsync(other is null ? "exactly one LB host to hold the VIP" : $"the VIP to move away from {other}",
            TimeSpan.FromSeconds(60),
            () => ClusterChecks.VipHoldersAsync(this, LoadBalancers), now => now.Count == 1 && now[0] != other);
        return holders[0];
    }

    protected override async Task<EjectStory> RunStoryAsync()
    {
        Expect(await HactlAsync("apply", ClusterYamlPath, "--kubeconfig-out", KubeconfigPath), 0);

        await ExecAsync("h5", "systemctl", "stop", "k0scontroller");
        var stoppedSnapshot = await ClusterChecks.SnapshotAsync(this);
        var refused = await HactlAsync("eject-controller", ClusterYamlPath, "h4");
        var forced = await HactlAsync("eject-controller", ClusterYamlPath, "h4", "--force");
        var status = await StatusUntilAsync(ClusterYamlPath, s => s.StdOut.Contains("DOWN", StringComparison.Ordinal));
        var afterRefusals = await ClusterChecks.SnapshotAsync(this);
        (await ExecAsync("h5", "systemctl", "start", "k0scontroller")).ThrowIfFailed();
        await OutOfBand.WaitForApiAsync(this, "h5");

        var beforeDryRun = await HostFingerprint.TakeAllAsync(this);
        var dryRun = await HactlAsync("eject-controller", ClusterYamlPath, "h4", "--dry-run");
        var changesByDryRun = HostFingerprint.Changes(beforeDryRun, await HostFingerprint.TakeAllAsync(this));
        var membersAfterDryRun = await OutOfBand.MembersAsync(this, "h3");

        // What a real k0s worker's CNI leaves: eject must remove it.
        (await ExecAsync("h4", "sh", "-c", "mkdir -p /etc/cni/net.d /opt/cni/bin && touch /etc/cni/net.d/10-kuberouter.conflist /opt/cni/bin/bridge")).ThrowIfFailed();
        var ejecting = HactlAsync("eject-controller", ClusterYamlPath, "h4");
        var (polls, failures) = await OutOfBand.PollReadyzAsync(KubeconfigPath, ejecting);
        var eject = await ejecting;
        var backends = await BackendServersAsync();
        var membersAfterEject = await OutOfBand.MembersAsync(this, "h3");
        var leftovers = await OutOfBand.LeftoversAsync(this, "h4");

        var again = await HactlAsync("eject-controller", ClusterYamlPath, Host("h4").Address);
        var beforeLastButOne = await ClusterChecks.SnapshotAsync(this);
        var lastButOne = await HactlAsync("eject-controller", ClusterYamlPath, "h5");
        var afterLastButOne = await ClusterChecks.SnapshotAsync(this);

        var applyRefused = await HactlAsync("apply", ClusterYamlPath);
        var withoutH4 = await WriteConfigAsync("without-h4.yaml", yaml => ClusterYaml.WithoutHost(yaml, Host("h4").Address));
        var applyWithout = await HactlAsync("apply", withoutH4);
        var applyBack = await HactlAsync("apply", ClusterYamlPath);

        return new EjectStory
        {
            SnapshotWithH5Stopped = stoppedSnapshot,
            RefusedWhileH5Stopped = refused,
            ForcedWhileH5Stopped = forced,
            StatusWhileH5Stopped = status,
            SnapshotAfterRefusals = afterRefusals,
            DryRun = dryRun,
            MembersAfterDryRun = membersAfterDryRun,
            ChangesByDryRun = changesByDryRun,
            Eject = eject,
            ReadyzPolls = polls,
            ReadyzFailures = failures,
            MembersAfterEject = membersAfterEject,
            BackendsAfterEject = backends,
            LeftoversOnEjected = leftovers,
            EjectAgain = again,
            SnapshotBeforeLastButOne = beforeLastButOne,
            EjectLastButOne = lastButOne,
            SnapshotAfterLastButOne = afterLastButOne,
            ApplyWithEjectedInConfig = applyRefused,
            ApplyWithoutEjected = applyWithout,
            ApplyWithEjectedBack = applyBack,
            MembersAfterRejoin = await OutOfBand.MembersAsync(this, "h3"),
        };
    }
}

/// <summary>
/// One 6-host lab (2 LB, 3 controllers, 1 worker) for the eject tests and the power-cut tests: one lab up and one
/// apply from scratch instead of two of each. The power-cut story waits for the eject story and its status checks.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EjectThenPowerCut : ICollectionFixture<EjectScenario>
{
    public const string Name = "six-host lab: eject, then power cut";
}
