using HaCluster.Ejection;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Takes k0s off one host: stops it, runs `k0s reset` (units, data dir, /run/k0s), removes the CNI directories and
/// the files hactl put beside k0s. Each step runs only when there is something left for it, so a second run changes
/// nothing. Shared by eject-controller (the ejected host) and reset (every k0s host).
/// </summary>
internal static class K0sCleanUp
{
    public static readonly string[] CniDirectories = ["/etc/cni", "/opt/cni"];

    /// <summary>
    /// hactl's own files beside k0s: the config it rendered, a join token left by an interrupted join, the ejection
    /// record, the version record, a binary staged for an upgrade that did not reach the host.
    /// </summary>
    public static readonly string[] HactlFiles = [K0sPaths.Config, K0sPaths.TokenFile, EjectionRecords.Path, K0sPaths.VersionRecord, K0sPaths.StagedBinary];

    public static async Task RunAsync(RunContext context, GatheredHost gathered, bool removeBinary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gathered);
        var (host, facts) = (gathered.Session, gathered.Facts);
        var unitFiles = K0sPaths.Units.Select(K0sPaths.UnitFile);
        var left = await HostLeftovers.ExistingAsync(host,
            [host.Host.DataDir, .. unitFiles, .. CniDirectories, .. HactlFiles, K0sPaths.Binary], cancellationToken);

        var running = K0sPaths.Units.Where(facts.IsActive).Select(u => $"{u}.service").ToArray();
        if (running.Length > 0)
        {
            await context.ChangeAsync(host, $"stop {string.Join(' ', running)}",
                (w, t) => w.RunAsync(RemoteCommand.Exec("systemctl", ["stop", .. running]), t), cancellationToken);
        }
        if (left.Contains(host.Host.DataDir) || unitFiles.Any(left.Contains))
        {
            if (!left.Contains(K0sPaths.Binary))
            {
                throw new HostException(host.Name, $"k0s is installed but {K0sPaths.Binary} is missing, so `k0s reset` cannot run: put the binary back (apply does) and run again");
            }
            await context.ChangeAsync(host, "run k0s reset (units, data dir, /run/k0s)",
                (w, t) => w.RunAsync(K0sCommands.Reset(host.Host.DataDir), t), cancellationToken);
        }
        await RemoveAsync(context, host, [.. CniDirectories.Where(left.Contains)], "remove CNI directories", cancellationToken);
        await RemoveAsync(context, host, [.. HactlFiles.Where(left.Contains)], "remove", cancellationToken);
        if (removeBinary && left.Contains(K0sPaths.Binary))
        {
            await RemoveAsync(context, host, [K0sPaths.Binary], "remove the k0s binary", cancellationToken);
        }
    }

    private static Task RemoveAsync(RunContext context, HostSession host, string[] paths, string what, CancellationToken cancellationToken) =>
        paths.Length == 0
            ? Task.CompletedTask
            : context.ChangeAsync(host, $"{what} {string.Join(' ', paths)}",
                (w, t) => w.RunAsync(RemoteCommand.Exec("rm", ["-rf", "--", .. paths]), t), cancellationToken);
}
