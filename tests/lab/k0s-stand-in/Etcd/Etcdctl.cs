using System.Diagnostics;
using K0sStandIn.Config;

namespace K0sStandIn.Etcd;

/// <summary>
/// The machine's etcdctl 3.4 for what k0s does with etcd's Go libraries in backup and restore: a snapshot of the
/// local member (k0s: clientv3 Snapshot) and a restore into a new data dir (k0s: etcdutl snapshot restore).
/// </summary>
internal static class Etcdctl
{
    public const string Binary = "/usr/bin/etcdctl";

    /// <summary>etcd can be down or without quorum: a snapshot that takes longer than this is given up.</summary>
    private static readonly TimeSpan SnapshotLimit = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RestoreLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// etcdctl snapshot save of the local member through https://127.0.0.1:2379 with the API server's etcd client
    /// certificate, as k0s's backup does; etcdctl writes <c>&lt;file&gt;.part</c> and renames it when complete.
    /// </summary>
    public static async Task SnapshotSaveAsync(K0sVars vars, string file)
    {
        var client = Path.Combine(vars.CertRootDir, "apiserver-etcd-client");
        await RunAsync(SnapshotLimit,
            "snapshot", "save", file,
            "--endpoints=https://127.0.0.1:2379",
            "--cacert=" + Path.Combine(vars.EtcdCertDir, "ca.crt"),
            "--cert=" + client + ".crt",
            "--key=" + client + ".key",
            "--dial-timeout=5s",
            "--command-timeout=" + (int)SnapshotLimit.TotalSeconds + "s");
    }

    /// <summary>
    /// etcdctl snapshot restore into <paramref name="dataDir"/> as a new single-member cluster named
    /// <paramref name="name"/> at <paramref name="peerUrl"/> (hash check on, as k0s's etcdutl call).
    /// </summary>
    public static Task SnapshotRestoreAsync(string snapshot, string name, string peerUrl, string dataDir) =>
        RunAsync(RestoreLimit,
            "snapshot", "restore", snapshot,
            "--name", name,
            "--initial-cluster", $"{name}={peerUrl}",
            "--initial-advertise-peer-urls", peerUrl,
            "--data-dir", dataDir);

    /// <summary>Runs etcdctl (v3 API) with its output captured; a failure is its last "Error: …" line.</summary>
    private static async Task RunAsync(TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.Environment["ETCDCTL_API"] = "3";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new EtcdException("context deadline exceeded");
        }

        _ = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault(l => l.StartsWith("Error: ", StringComparison.Ordinal));
            throw new EtcdException(last is null ? $"etcdctl exited with {process.ExitCode}: {errors.Trim()}" : last["Error: ".Length..]);
        }
    }
}
