using HaCluster.Model;
using HaCluster.Remote;
using HaCluster.Spec;

namespace HaCluster.K0s;

/// <summary>The k0s commands hactl runs, built as argv (k0s-contract.md, "Commands").</summary>
public static class K0sCommands
{
    // etcd member-list blocks while etcd is down: the contract says always bound it.
    private const string EtcdTimeout = "30";

    // Seconds between timeout's TERM and its KILL for a backup that does not stop.
    private const string BackupKillGrace = "10";

    public static RemoteCommand Version() => RemoteCommand.Exec(K0sPaths.Binary, "version");

    public static RemoteCommand Status() => RemoteCommand.Exec(K0sPaths.Binary, "status", "-o", "json");

    public static RemoteCommand Install(HostModel host, bool joining, bool force)
    {
        ArgumentNullException.ThrowIfNull(host);
        var role = host.Role == HostRole.Worker ? "worker" : "controller";
        return RemoteCommand.Exec(K0sPaths.Binary, ["install", role, .. InstallFlags(host, joining), .. force ? ["--force"] : Array.Empty<string>()]);
    }

    /// <summary>The flags hactl gives `k0s install` for a host: its role's flags, then the user's installFlags.</summary>
    public static IReadOnlyList<string> InstallFlags(HostModel host, bool joining)
    {
        ArgumentNullException.ThrowIfNull(host);
        var flags = new List<string>();
        if (host.IsController)
        {
            flags.Add($"--config={K0sPaths.Config}");
        }
        if (joining)
        {
            flags.Add($"--token-file={K0sPaths.TokenFile}");
        }
        if (host.DataDir != K0sPaths.DefaultDataDir)
        {
            flags.Add($"--data-dir={host.DataDir}");
        }
        switch (host.Role)
        {
            case HostRole.Single:
                flags.Add("--single");
                break;
            case HostRole.ControllerWorker:
                flags.Add("--enable-worker");
                if (host.NoTaints)
                {
                    flags.Add("--no-taints");
                }
                break;
        }
        if (host.RunsWorkloads && !host.InstallFlags.Any(f => f.StartsWith("--kubelet-extra-args", StringComparison.Ordinal)))
        {
            flags.Add($"--kubelet-extra-args=--node-ip={host.PrivateAddress}");
        }
        flags.AddRange(host.InstallFlags.SelectMany(f => ShellQuote.Split(f) ?? [f]));
        return flags;
    }

    public static RemoteCommand TokenCreate(string role, TimeSpan expiry) =>
        RemoteCommand.Exec(K0sPaths.Binary, "token", "create", $"--role={role}", $"--expiry={GoDuration.Format(expiry)}");

    public static RemoteCommand TokenInvalidate(string id) => RemoteCommand.Exec(K0sPaths.Binary, "token", "invalidate", id);

    public static RemoteCommand KubeconfigAdmin() => RemoteCommand.Exec(K0sPaths.Binary, "kubeconfig", "admin");

    public static RemoteCommand EtcdMemberList() => RemoteCommand.Exec("timeout", EtcdTimeout, K0sPaths.Binary, "etcd", "member-list");

    /// <summary>Removes a member by its peer address; run on a healthy remaining controller (contract; k0sctl #603).</summary>
    public static RemoteCommand EtcdLeave(string peerAddress) =>
        RemoteCommand.Exec("timeout", EtcdTimeout, K0sPaths.Binary, "etcd", "leave", $"--peer-address={peerAddress}");

    /// <summary>
    /// `k0s backup --save-path -`: the archive on stdout (k0s-contract-lifecycle.md, section 1). Its etcd snapshot has no
    /// limit and blocks while etcd is down, so it is bounded here: TERM after <paramref name="limit"/>, KILL 10 s later.
    /// </summary>
    public static RemoteCommand Backup(string dataDir, TimeSpan limit)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(limit.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] args = ["-k", BackupKillGrace, seconds, K0sPaths.Binary, "backup", "--save-path", "-"];
        return dataDir == K0sPaths.DefaultDataDir
            ? RemoteCommand.Exec("timeout", args)
            : RemoteCommand.Exec("timeout", [.. args, $"--data-dir={dataDir}"]);
    }

    /// <summary>What `timeout` exits with when it stopped the command (TERM, then KILL).</summary>
    public static bool TimedOut(int exitCode) => exitCode is 124 or 137;

    public static RemoteCommand Kubectl(params string[] args) => RemoteCommand.Exec(K0sPaths.Binary, ["kubectl", .. args]);

    /// <summary>`k0s reset`, told the host's data dir when it is not k0s's default.</summary>
    public static RemoteCommand Reset(string dataDir = K0sPaths.DefaultDataDir) => dataDir == K0sPaths.DefaultDataDir
        ? RemoteCommand.Exec(K0sPaths.Binary, "reset")
        : RemoteCommand.Exec(K0sPaths.Binary, "reset", $"--data-dir={dataDir}");

    public static string UnitName(HostModel host) =>
        (host ?? throw new ArgumentNullException(nameof(host))).Role == HostRole.Worker ? K0sPaths.WorkerUnit : K0sPaths.ControllerUnit;
}
