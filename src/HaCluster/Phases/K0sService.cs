using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Installing, starting and restarting a host's k0s service, shared by the init and join phases.</summary>
internal static class K0sService
{
    public static bool IsInstalled(GatheredHost host) => host.Facts.UnitExists(K0sCommands.UnitName(host.Host));

    /// <summary>Installed and part of the cluster: a controller with an etcd member database, a worker with its kubelet config.</summary>
    public static bool IsJoined(GatheredHost host)
    {
        var facts = host.Facts;
        return IsInstalled(host) && (host.Host.IsController ? facts.EtcdJoined : facts.KubeletJoined);
    }

    public static async Task InstallAndStartAsync(GatheredHost host, HostWriter writer, bool joining, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A unit left by an unfinished join may be crash-looping on its old flags: replace it and restart it.
        var installed = IsInstalled(host);
        await writer.RunAsync(K0sCommands.Install(host.Host, joining, force: installed), cancellationToken);
        await writer.RunAsync(RemoteCommand.Exec("systemctl", installed ? "restart" : "start", K0sCommands.UnitName(host.Host)), cancellationToken);
    }

    /// <summary>
    /// Why an installed k0s must restart, or null when nothing it depends on changed: its config, its binary,
    /// its install flags, or the service is simply not running.
    /// </summary>
    public static string? RestartReason(GatheredHost host, bool joining)
    {
        var facts = host.Facts;
        if (host.Changed.Restarted)
        {
            return null;
        }
        if (FlagsChanged(host, joining))
        {
            return "install flags changed";
        }
        // Written in this run, or in an earlier run that stopped before restarting k0s: newer than the running service.
        if (host.Changed.K0sConfig || NewerThanService(facts, K0sPaths.Config, host))
        {
            return "k0s.yaml changed";
        }
        if (host.Changed.Binary || NewerThanService(facts, K0sPaths.Binary, host))
        {
            return "k0s binary changed";
        }
        return facts.IsActive(K0sCommands.UnitName(host.Host)) ? null : "service not running";
    }

    private static bool NewerThanService(HostFacts facts, string path, GatheredHost host) =>
        facts.FileModified.TryGetValue(path, out var modified)
        && facts.ServiceStarted.TryGetValue(K0sCommands.UnitName(host.Host), out var started)
        && modified > started;

    public static async Task RestartAsync(GatheredHost host, HostWriter writer, bool joining, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (FlagsChanged(host, joining))
        {
            await writer.RunAsync(K0sCommands.Install(host.Host, joining, force: true), cancellationToken);
        }
        await writer.RunAsync(RemoteCommand.Exec("systemctl", "restart", K0sCommands.UnitName(host.Host)), cancellationToken);
    }

    public static bool FlagsChanged(GatheredHost host, bool joining) =>
        host.Facts.K0sExecStart is { } installed
        && !Normalize(ShellQuote.Split(installed) ?? []).SetEquals(Normalize(K0sCommands.InstallFlags(host.Host, joining)));

    // k0s writes every flag as --name=value, booleans as =true, sorted; the token file only matters before joining.
    private static HashSet<string> Normalize(IEnumerable<string> words)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in words.Where(w => w.StartsWith("--", StringComparison.Ordinal)))
        {
            var flag = word.Contains('=', StringComparison.Ordinal) ? word : word + "=true";
            if (!flag.StartsWith("--token-file=", StringComparison.Ordinal))
            {
                flags.Add(flag);
            }
        }
        return flags;
    }
}
