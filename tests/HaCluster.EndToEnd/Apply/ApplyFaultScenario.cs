using HaCluster.EndToEnd.Lab;
using HaCluster.EndToEnd.Operations;

namespace HaCluster.EndToEnd.Apply;

/// <summary>One fault during apply: the faulted run, what it left behind, and the run after the fault was undone.</summary>
public sealed record FaultRun
{
    public required ProcessResult Faulted { get; init; }

    /// <summary>"host: what", one per lock, join-token file or listed token left behind; empty when clean.</summary>
    public required IReadOnlyList<string> LeftBehind { get; init; }

    public required ProcessResult Rerun { get; init; }

    /// <summary>As <see cref="LeftBehind"/>, after the re-run.</summary>
    public required IReadOnlyList<string> LeftBehindAfterRerun { get; init; }
    public required int EtcdMembers { get; init; }
    public required IReadOnlyList<string> ReadyNodes { get; init; }
}

/// <summary>What <see cref="ApplyFaultScenario"/> saw.</summary>
public sealed record ApplyFaultStory
{
    public required FaultRun IsolatedController { get; init; }
    public required FaultRun SshdStoppedOnWorker { get; init; }

    /// <summary>A new ssh login to the worker once the faulted apply had ended, before sshd was started again.</summary>
    public required ProcessResult SshToWorkerWhileStopped { get; init; }
    public required int KilledK0sPid { get; init; }
    public required FaultRun K0sKilledOnController { get; init; }

    /// <summary>systemd's restart count of h5's k0scontroller once the faulted apply had ended.</summary>
    public required int K0sRestartsAfterKill { get; init; }
    public required string PoweredOffLoadBalancer { get; init; }
    public required IReadOnlyList<string> VipHoldersAfterPowerOff { get; init; }
    public required FaultRun LoadBalancerPoweredOff { get; init; }
    public required ProcessResult RerunWithoutDeadLoadBalancer { get; init; }
}

/// <summary>
/// 2 LB (h1, h2), 3 controllers (h3-h5), 2 workers (h6, h7): four applies from scratch, each hit by one fault at an
/// observed moment of a join, then the fault undone (where it can be) and apply run again; `reset --force` between
/// them. In turn: h4 isolated while it joins; sshd stopped on h6 while workers join; the k0s controller process of h5
/// killed while it joins; the load balancer holding the VIP powered off while h4 joins (last: the lab cannot power it
/// back on, so its re-runs are with that host still off).
/// </summary>
public sealed class ApplyFaultScenario() : ScenarioLab<ApplyFaultStory>(new LabOptions { Hosts = 7 })
{
    // No token file, or only the placeholder hactl leaves after a finished join (k0s's unit still names the file).
    private const string NoJoinToken =
        "test ! -e /etc/k0s/k0stoken || grep -qx '# join token removed by hactl after the join' /etc/k0s/k0stoken";

    private static readonly TimeSpan JoinAppears = TimeSpan.FromMinutes(5);

    protected override async Task<ApplyFaultStory> RunStoryAsync()
    {
        var isolated = await FaultedApplyAsync("isolate",
            () => JoinTokenOnAsync("h4"),
            () => FaultAsync(LabFaults.Isolate, "h4"));
        await FaultAsync(LabFaults.Restore, "h4");
        var isolatedRun = await RerunAsync(isolated, ClusterYamlPath);

        Expect(await HactlAsync("reset", ClusterYamlPath, "--force"), 0);
        var sshdStopped = await FaultedApplyAsync("sshd-stop",
            () => JoinTokenOnAsync("h6"),
            () => FaultAsync(LabFaults.SshdStop, "h6"));
        var sshWhileStopped = await SshAsync("h6", "true", connectTimeoutSeconds: 5);
        await FaultAsync(LabFaults.SshdStart, "h6");
        var sshdRun = await RerunAsync(sshdStopped, ClusterYamlPath);

        Expect(await HactlAsync("reset", ClusterYamlPath, "--force"), 0);
        var killedPid = 0;
        var killed = await FaultedApplyAsync("kill-k0s",
            async () => await JoinTokenOnAsync("h5") && (killedPid = await MainPidAsync("h5", "k0scontroller")) != 0,
            async () => (await ExecAsync("h5", "kill", "-KILL", killedPid.ToString(System.Globalization.CultureInfo.InvariantCulture))).ThrowIfFailed());
        var restarts = int.Parse((await ExecAsync("h5", "systemctl", "show", "-p", "NRestarts", "--value", "k0scontroller")).ThrowIfFailed().StdOut.Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
        var killedRun = await RerunAsync(killed, ClusterYamlPath);

        Expect(await HactlAsync("reset", ClusterYamlPath, "--force"), 0);
        var vipHolder = "";
        var powered = await FaultedApplyAsync("poweroff-lb",
            () => JoinTokenOnAsync("h4"),
            async () =>
            {
                vipHolder = (await ClusterChecks.VipHoldersAsync(this, LoadBalancers)).Single();
                await FaultAsync(LabFaults.PowerOff, vipHolder);
            });
        var holdersAfter = (await Poll.WatchAsync(TimeSpan.FromSeconds(30),
            () => ClusterChecks.VipHoldersAsync(this, LoadBalancers.Where(lb => lb != vipHolder)), h => h.Count == 1)).Last;
        // The host is still off: the same config names a host that does not answer.
        var poweredRun = await RerunAsync(powered, ClusterYamlPath, checkCluster: false);
        var withoutDead = await WriteConfigAsync("without-dead-lb.yaml", yaml => ClusterYaml.WithoutHost(yaml, Host(vipHolder).Address));
        var rerunWithoutDead = await HactlAsync("apply", withoutDead);

        return new ApplyFaultStory
        {
            IsolatedController = isolatedRun,
            SshdStoppedOnWorker = sshdRun,
            SshToWorkerWhileStopped = sshWhileStopped,
            KilledK0sPid = killedPid,
            K0sKilledOnController = killedRun,
            K0sRestartsAfterKill = restarts,
            PoweredOffLoadBalancer = vipHolder,
            VipHoldersAfterPowerOff = holdersAfter,
            LoadBalancerPoweredOff = poweredRun with
            {
                EtcdMembers = (await ClusterChecks.EtcdMembersAsync(this, "h3")).Count,
                ReadyNodes = await ClusterChecks.ReadyNodesAsync(this, "h3"),
            },
            RerunWithoutDeadLoadBalancer = rerunWithoutDead,
        };
    }

    /// <summary>Starts apply, waits for the moment, injects the fault, and waits for apply to end.</summary>
    private async Task<(ProcessResult Faulted, IReadOnlyList<string> LeftBehind)> FaultedApplyAsync(
        string name, Func<Task<bool>> moment, Func<Task> fault)
    {
        using var apply = Hactl.Start(
            "apply", "--config", ClusterYamlPath, "--known-hosts", KnownHostsPath, "--log-file", Path.Combine(Dir, $"{name}.log"));
        await Poll.UntilAsync($"{name}: the moment to strike", JoinAppears, async () => apply.HasExited ? throw new LabException($"apply ended before the {name} fault") : await moment());
        await fault();
        var faulted = await apply.WaitAsync(Hactl.ApplyTimeout);
        return (faulted, await LeftBehindAsync());
    }

    private async Task<FaultRun> RerunAsync(
        (ProcessResult Faulted, IReadOnlyList<string> LeftBehind) faulted, string config, bool checkCluster = true)
    {
        var rerun = await HactlAsync("apply", config);
        return new FaultRun
        {
            Faulted = faulted.Faulted,
            LeftBehind = faulted.LeftBehind,
            Rerun = rerun,
            LeftBehindAfterRerun = await LeftBehindAsync(),
            EtcdMembers = checkCluster ? (await ClusterChecks.EtcdMembersAsync(this, "h3")).Count : 0,
            ReadyNodes = checkCluster ? await ClusterChecks.ReadyNodesAsync(this, "h3") : [],
        };
    }

    /// <summary>Locks and join-token files on every host still powered, and tokens the first controller still lists.</summary>
    private async Task<IReadOnlyList<string>> LeftBehindAsync()
    {
        var left = new List<string>();
        foreach (var host in Hosts)
        {
            var alive = await ExecAsync(host.Name, "true");
            if (alive.ExitCode == 255)
            {
                continue; // powered off
            }
            if ((await ExecAsync(host.Name, "test", "-e", "/run/lock/hactl")).Succeeded)
            {
                left.Add($"{host.Name}: lock /run/lock/hactl: {(await ExecAsync(host.Name, "cat", "/run/lock/hactl/holder")).StdOut.Trim()}");
            }
            if (!(await ExecAsync(host.Name, "sh", "-c", NoJoinToken)).Succeeded)
            {
                left.Add($"{host.Name}: join token file /etc/k0s/k0stoken");
            }
        }
        var tokens = await ExecAsync("h3", "timeout", "30", "k0s", "token", "list");
        if (!tokens.StdOut.Contains("No k0s join tokens found", StringComparison.Ordinal))
        {
            left.Add($"h3: k0s token list: {tokens.StdOut.Trim()} {tokens.StdErr.Trim()}");
        }
        return left;
    }

    private async Task<bool> JoinTokenOnAsync(string host) =>
        (await ExecAsync(host, "sh", "-c", $"! ({NoJoinToken})")).Succeeded;

    private async Task<int> MainPidAsync(string host, string unit) =>
        int.TryParse((await ExecAsync(host, "systemctl", "show", "-p", "MainPID", "--value", unit)).StdOut.Trim(), out var pid) ? pid : 0;
}
