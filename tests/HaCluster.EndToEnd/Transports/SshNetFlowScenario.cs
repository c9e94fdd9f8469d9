using HaCluster.EndToEnd.Apply;
using HaCluster.EndToEnd.Lab;
using HaCluster.EndToEnd.Operations;

namespace HaCluster.EndToEnd.Transports;

/// <summary>What <see cref="SshNetFlowScenario"/> saw at each step, and which programs its hactl runs started.</summary>
public sealed record SshNetFlowStory
{
    /// <summary>ssh from this machine straight to h6, which only admits it through the bastion.</summary>
    public required ProcessResult DirectSshToWorker { get; init; }
    public required ProcessResult Apply { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotBeforeReapply { get; init; }
    public required ProcessResult Reapply { get; init; }
    public required IReadOnlyDictionary<string, string> SnapshotAfterReapply { get; init; }
    public required ProcessResult DryRun { get; init; }
    public required ProcessResult Kubeconfig { get; init; }
    public required ProcessResult ReadyzWithWrittenKubeconfig { get; init; }
    public required ProcessResult Status { get; init; }
    public required ProcessResult StatusStrictWithKnownKeys { get; init; }
    public required ProcessResult ApplyStrictWithNoKnownKeys { get; init; }
    public required ProcessResult ApplyWithChangedKey { get; init; }
    public required ProcessResult StatusWithWorkerSshdStopped { get; init; }
    public required ProcessResult Eject { get; init; }
    public required IReadOnlyList<string> MembersAfterEject { get; init; }

    /// <summary>The names of every program the story's SSH.NET runs started (their whole process trees).</summary>
    public required IReadOnlySet<string> ProgramsStarted { get; init; }

    /// <summary>The control: `status` over OpenSSH on the same config, and the programs it started.</summary>
    public required ProcessResult StatusOverOpenSsh { get; init; }
    public required IReadOnlySet<string> ProgramsStartedOverOpenSsh { get; init; }

    /// <summary>What the ssh tripwire on PATH recorded (SSH.NET only): empty when no run executed `ssh`.</summary>
    public required string TripwireRecord { get; init; }
}

/// <summary>
/// The user-facing flows with `--transport sshnet` on 2 LB (h1, h2) + 3 controllers (h3 as the sudo user `deploy` on
/// port 2222) + 1 worker (h6, reached only through h1 as its bastion): apply, a no-change re-apply, a dry run,
/// kubeconfig, status, strict host keys, a refused changed host key, an unreachable host, eject-controller. Every
/// hactl run is watched through /proc, with an `ssh` first on PATH that records any call. A `status` over OpenSSH on
/// the same config is the control: the watch sees its ssh processes. (The OpenSSH transport's flows are the rest of
/// the suite's: HaproxyKeepalivedApplyTests, EjectControllerTests, TransportContractTests.)
/// </summary>
public sealed class SshNetFlowScenario() : ScenarioLab<SshNetFlowStory>(new LabOptions
{
    Hosts = 6,
    HostOptions = ["h3:user=deploy,sudo=nopasswd,port=2222"],
})
{
    private const string SshNet = "sshnet";
    private const string OpenSsh = "openssh";

    private readonly Dictionary<string, HashSet<string>> programs = new() { [SshNet] = [], [OpenSsh] = [] };

    private string TripwireDir => Path.Combine(Dir, "tripwire");

    private string TripwireRecord => Path.Combine(Dir, "tripwire.log");

    protected override async Task<SshNetFlowStory> RunStoryAsync()
    {
        await WriteTripwireAsync();
        var config = await WriteConfigAsync("bastion.yaml", WithBastion);
        var direct = await OnlyThroughBastionAsync("h6");

        var apply = Expect(await RunAsync("apply", config, KnownHostsPath, "--kubeconfig-out", KubeconfigPath), 0);
        var before = await ClusterChecks.SnapshotAsync(this);
        var reapply = await RunAsync("apply", config, KnownHostsPath, "--output", "json");
        var after = await ClusterChecks.SnapshotAsync(this);
        var dryRun = await RunAsync("apply", config, KnownHostsPath, "--dry-run");
        var kubeconfig = await RunAsync("kubeconfig", config, KnownHostsPath);
        var readyz = await ClusterChecks.KubectlReadyzAsync(KubeconfigPath);
        var status = await RunAsync("status", config, KnownHostsPath, "--output", "json");
        var strictKnown = await RunAsync("status", config, KnownHostsPath, "--strict-host-keys", "--output", "json");
        var overOpenSsh = await RunOverAsync(OpenSsh, "status", config, KnownHostsPath, "--output", "json");

        var noKeys = Path.Combine(Dir, "no_known_hosts");
        await File.WriteAllTextAsync(noKeys, "");
        var strictUnknown = await RunAsync("apply", config, noKeys, "--strict-host-keys");
        var changedKey = await RunAsync("apply", config, await KnownHostsWithH5KeyForH4Async());

        await FaultAsync(LabFaults.SshdStop, "h6");
        ProcessResult unreachable;
        try
        {
            unreachable = await RunAsync("status", config, KnownHostsPath, "--output", "json");
        }
        finally
        {
            await FaultAsync(LabFaults.SshdStart, "h6");
        }

        var eject = await RunAsync("eject-controller", config, KnownHostsPath, "h4");
        return new SshNetFlowStory
        {
            DirectSshToWorker = direct,
            Apply = apply,
            SnapshotBeforeReapply = before,
            Reapply = reapply,
            SnapshotAfterReapply = after,
            DryRun = dryRun,
            Kubeconfig = kubeconfig,
            ReadyzWithWrittenKubeconfig = readyz,
            Status = status,
            StatusStrictWithKnownKeys = strictKnown,
            ApplyStrictWithNoKnownKeys = strictUnknown,
            ApplyWithChangedKey = changedKey,
            StatusWithWorkerSshdStopped = unreachable,
            Eject = eject,
            MembersAfterEject = await OutOfBand.MembersAsync(this, "h3"),
            ProgramsStarted = programs[SshNet],
            StatusOverOpenSsh = overOpenSsh,
            ProgramsStartedOverOpenSsh = programs[OpenSsh],
            TripwireRecord = File.Exists(TripwireRecord) ? await File.ReadAllTextAsync(TripwireRecord) : "",
        };
    }

    private Task<ProcessResult> RunAsync(string command, string config, string knownHosts, params string[] extra) =>
        RunOverAsync(SshNet, command, config, knownHosts, extra);

    /// <summary>One hactl run with a transport, its process tree watched until it exits; SSH.NET's with the tripwire first on PATH.</summary>
    private async Task<ProcessResult> RunOverAsync(string transport, string command, string config, string knownHosts, params string[] extra)
    {
        string[] environment = transport == SshNet ? [$"PATH={TripwireDir}:{Environment.GetEnvironmentVariable("PATH")}"] : [];
        using var hactl = Hactl.StartWith(environment,
            [command, "--config", config, "--transport", transport, "--known-hosts", knownHosts,
             "--log-file", Path.Combine(Dir, $"{command}-{Guid.NewGuid():N}.log"), .. extra]);
        await using var tree = ProcessTree.Watch(hactl.Pid);
        var result = await hactl.WaitAsync(Hactl.ApplyTimeout);
        programs[transport].UnionWith(await tree.StopAsync());
        return result;
    }

    // An `ssh` first on PATH that records its arguments and fails as ssh does: a run that executes ssh leaves a trace.
    private async Task WriteTripwireAsync()
    {
        Directory.CreateDirectory(TripwireDir);
        var ssh = Path.Combine(TripwireDir, "ssh");
        await File.WriteAllTextAsync(ssh, $"#!/bin/sh\necho \"ssh $*\" >> '{TripwireRecord}'\nexit 255\n");
        File.SetUnixFileMode(ssh, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // sshd on the host turns away this machine's address, so only a connection through the bastion gets in; the
    // lab's out-of-band access does not use ssh. Returns a direct attempt after the change, for the tests.
    private async Task<ProcessResult> OnlyThroughBastionAsync(string host)
    {
        var machine = (await SshAsync(host, "echo $SSH_CONNECTION")).ThrowIfFailed().StdOut.Split(' ')[0];
        (await ExecAsync(host, "sh", "-c", "printf 'Match Address %s\\n  DenyUsers *\\n' \"$1\" >> /etc/ssh/sshd_config && systemctl reload ssh",
            "deny", machine)).ThrowIfFailed();
        return await SshAsync(host, "true");
    }

    // h6 is reached through h1: its ssh block gets a bastion with h1's own address, user, port and key.
    private string WithBastion(string yaml)
    {
        var h1 = Host("h1");
        var h6 = Host("h6");
        var keyLine = $"        keyPath: {KeyPath}\n";
        var at = yaml.IndexOf(keyLine, yaml.IndexOf($"address: {h6.Address}\n", StringComparison.Ordinal), StringComparison.Ordinal) + keyLine.Length;
        var bastion = $"""
                    bastion:
                      address: {h1.Address}
                      user: {h1.User}
                      port: {h1.Port}
                      keyPath: {KeyPath}

            """;
        return yaml[..at] + bastion + yaml[at..];
    }

    // The lab's known_hosts with h4's ed25519 key replaced by h5's: h4's host key has "changed".
    private async Task<string> KnownHostsWithH5KeyForH4Async()
    {
        var h4 = Host("h4").Address;
        var h5Key = (await ExecAsync("h5", "cat", "/etc/ssh/ssh_host_ed25519_key.pub")).ThrowIfFailed().StdOut.Split(' ');
        var lines = (await File.ReadAllLinesAsync(KnownHostsPath)).Where(l => l.Split(' ')[0] != h4);
        var path = Path.Combine(Dir, "changed_known_hosts");
        await File.WriteAllLinesAsync(path, [.. lines, $"{h4} {h5Key[0]} {h5Key[1]}"]);
        return path;
    }
}
