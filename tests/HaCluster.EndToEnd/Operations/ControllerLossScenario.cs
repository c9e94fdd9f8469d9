using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;

namespace HaCluster.EndToEnd.Operations;

/// <summary>What <see cref="ControllerLossScenario"/> saw at each step.</summary>
public sealed record ControllerLossStory
{
    public required IReadOnlyDictionary<string, string> SnapshotWithH6Stopped { get; init; }
    public required ProcessResult RefusedWhileH6Stopped { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotAfterRefusal { get; init; }
    public required ProcessResult ForcedWhileH6Stopped { get; init; }
    public required IReadOnlyList<string> ReadyzFailuresDuringForcedEject { get; init; }
    public required IReadOnlyList<string> MembersAfterForcedEject { get; init; }
    public required ProcessResult EjectPoweredOff { get; init; }
    public required int ReadyzPollsDuringPoweredOffEject { get; init; }
    public required IReadOnlyList<string> ReadyzFailuresDuringPoweredOffEject { get; init; }
    public required IReadOnlyList<string> MembersAfterPoweredOffEject { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> BackendsAfterPoweredOffEject { get; init; }
    public required ProcessResult ResetWithoutForce { get; init; }
    public required ProcessResult ResetDryRun { get; init; }
    public required IReadOnlyList<string> ChangesByResetDryRun { get; init; }
    public required ProcessResult Reset { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> LeftoversAfterReset { get; init; }
    public required ProcessResult ApplyAfterReset { get; init; }
    public required IReadOnlyList<string> MembersAfterReapply { get; init; }
    public required ProcessResult ReadyzAfterReapply { get; init; }
    public required ProcessResult StatusAfterReapply { get; init; }
}

/// <summary>
/// 2 load balancers (h1, h2), 4 controllers (h3-h5 and h6, which the lab made a worker), 1 worker (h7), applied; then
/// the story of losing controllers: with h6 stopped, ejecting h4 is refused and then forced (quorum holds); h6 is
/// started again and powered off, and ejected as a dead machine; the user takes h4 and h6 out of the config and
/// plans the reset with --dry-run and resets the cluster; apply with h4 back (h6 is gone for good) builds it again.
/// </summary>
public sealed class ControllerLossScenario() : ScenarioLab<ControllerLossStory>(new LabOptions { Hosts = 7 })
{
    public static readonly string[] SurvivingHosts = ["h1", "h2", "h3", "h4", "h5", "h7"];

    protected override async Task<ControllerLossStory> RunStoryAsync()
    {
        var fourControllers = await WriteConfigAsync("four-controllers.yaml", yaml => ClusterYaml.WithRole(yaml, Host("h6").Address, "controller"));
        Expect(await HactlAsync("apply", fourControllers, "--kubeconfig-out", KubeconfigPath), 0);

        await ExecAsync("h6", "systemctl", "stop", "k0scontroller");
        var stoppedSnapshot = await ClusterChecks.SnapshotAsync(this);
        var refused = await HactlAsync("eject-controller", fourControllers, "h4");
        var afterRefusal = await ClusterChecks.SnapshotAsync(this);
        var forcing = HactlAsync("eject-controller", fourControllers, "h4", "--force");
        var (_, forcedFailures) = await OutOfBand.PollReadyzAsync(KubeconfigPath, forcing);
        var forced = await forcing;
        var membersAfterForced = await OutOfBand.MembersAsync(this, "h3");

        (await ExecAsync("h6", "systemctl", "start", "k0scontroller")).ThrowIfFailed();
        await OutOfBand.WaitForApiAsync(this, "h6");
        await FaultAsync(LabFaults.PowerOff, "h6");
        var ejecting = HactlAsync("eject-controller", fourControllers, "h6");
        var (polls, failures) = await OutOfBand.PollReadyzAsync(KubeconfigPath, ejecting);
        var ejectPoweredOff = await ejecting;
        var backends = await BackendServersAsync();
        var membersAfterPoweredOff = await OutOfBand.MembersAsync(this, "h3");

        // As eject told them, the user takes the ejected hosts out of the config.
        var withoutEjected = await WriteConfigAsync("without-h4-h6.yaml",
            yaml => ClusterYaml.WithoutHost(ClusterYaml.WithoutHost(yaml, Host("h4").Address), Host("h6").Address));
        var resetWithoutForce = await HactlAsync("reset", withoutEjected);
        var beforeDryRun = await HostFingerprint.TakeAllAsync(this, SurvivingHosts);
        var resetDryRun = await HactlAsync("reset", withoutEjected, "--dry-run");
        var changesByResetDryRun = HostFingerprint.Changes(beforeDryRun, await HostFingerprint.TakeAllAsync(this, SurvivingHosts));
        var reset = await HactlAsync("reset", withoutEjected, "--force");
        var leftovers = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var host in SurvivingHosts)
        {
            leftovers[host] = [.. await OutOfBand.LeftoversAsync(this, host), .. await OutOfBand.LoadBalancerLeftoversAsync(this, host)];
        }

        var withH4Back = await WriteConfigAsync("h4-back.yaml", yaml => ClusterYaml.WithoutHost(yaml, Host("h6").Address));
        var applyAfterReset = await HactlAsync("apply", withH4Back, "--kubeconfig-out", KubeconfigPath);

        return new ControllerLossStory
        {
            SnapshotWithH6Stopped = stoppedSnapshot,
            RefusedWhileH6Stopped = refused,
            SnapshotAfterRefusal = afterRefusal,
            ForcedWhileH6Stopped = forced,
            ReadyzFailuresDuringForcedEject = forcedFailures,
            MembersAfterForcedEject = membersAfterForced,
            EjectPoweredOff = ejectPoweredOff,
            ReadyzPollsDuringPoweredOffEject = polls,
            ReadyzFailuresDuringPoweredOffEject = failures,
            MembersAfterPoweredOffEject = membersAfterPoweredOff,
            BackendsAfterPoweredOffEject = backends,
            ResetWithoutForce = resetWithoutForce,
            ResetDryRun = resetDryRun,
            ChangesByResetDryRun = changesByResetDryRun,
            Reset = reset,
            LeftoversAfterReset = leftovers,
            ApplyAfterReset = applyAfterReset,
            MembersAfterReapply = await OutOfBand.MembersAsync(this, "h3"),
            ReadyzAfterReapply = await ClusterChecks.KubectlReadyzAsync(KubeconfigPath),
            StatusAfterReapply = await StatusUntilAsync(withH4Back, s => s.ExitCode == 0),
        };
    }
}
