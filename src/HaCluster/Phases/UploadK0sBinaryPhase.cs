using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Brings the k0s binary each k0s host should run: uploaded from this machine (uploadBinary + k0sBinaryPath) when the
/// host's differs, or downloaded on the host (spec.k0s.version). The new file is staged beside the live one; where no
/// k0s runs it is swapped in at once, where k0s runs it waits for that host's turn in the rolling upgrade
/// (<see cref="UpgradeControllersPhase"/>, <see cref="UpgradeWorkersPhase"/>). The binary's version is recorded
/// (K0sPaths.VersionRecord) so later runs need not start k0s to learn it. Controllers and the hosts that run k0s are
/// done within the phase; workers that run no k0s yet are done in the background (<see cref="WorkerBinaries"/>).
/// </summary>
public sealed class UploadK0sBinaryPhase(WorkerBinaries workerBinaries) : Phase<GatheredCluster>
{
    public override string Title => "Install k0s binary";

    public override async Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(context);
        // spec.options.concurrency.uploads (k0sctl's field, default 5): each upload is an ssh process pushing the whole
        // binary, so beyond a few at once they only share this machine's CPU and uplink and each finishes later.
        var uploads = new SemaphoreSlim(Math.Max(1, context.Cluster.Options.Concurrency.Uploads));
        var k0sHosts = cluster.Hosts.Where(h => h.Host.Role != HostRole.LoadBalancer).ToList();
        // A worker that runs no k0s yet and has no upgrade planned is only needed when the workers join: its install
        // goes on behind the controller phases, started once the others' are done so it never holds up a controller's.
        // A stopped worker with an upgrade stays here, as the rolling upgrade (before the joins) expects its binary in
        // place. A dry run lists every change here, in order.
        var later = context.Options.DryRun ? [] : k0sHosts
            .Where(h => !h.Host.IsController && !IsRunning(h) && cluster.Upgrade.Of(h) is null).ToList();
        await context.ForEachHostAsync(k0sHosts.Except(later), (host, token) => InstallAsync(context, cluster, host, uploads, token), cancellationToken);
        workerBinaries.Start(context, later, context.Options.Concurrency, (host, token) => InstallAsync(context, cluster, host, uploads, token), cancellationToken);
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => workerBinaries.StopAsync(context, cancellationToken);

    private static bool IsRunning(GatheredHost host) => host.Facts.IsActive(K0sCommands.UnitName(host.Host));

    private static async Task InstallAsync(RunContext context, GatheredCluster cluster, GatheredHost host, SemaphoreSlim uploads, CancellationToken token)
    {
        var upgrade = cluster.Upgrade.Of(host);
        var (staged, expected, stagedHash) = await StageAsync(context, host, upgrade, uploads, token);
        if (!staged)
        {
            if (!host.Facts.K0sVersionRecorded && host.Facts.K0sVersion is not null)
            {
                await context.ChangeAsync(host.Session, $"record the k0s version in {K0sPaths.VersionRecord}",
                    (w, t) => K0sBinary.RecordAsync(w, t), token);
            }
            return;
        }
        if (!IsRunning(host))
        {
            await context.ChangeAsync(host.Session, $"install the staged k0s binary as {K0sPaths.Binary}",
                (w, t) => K0sBinary.SwapAsync(w, expected, stagedHash, t), token);
            host.Changed.BinaryReplaced();
        }
    }

    /// <summary>
    /// Stages the binary the host should get, and says which version it must be and, for an upload, the staged file's
    /// checked hash; false when the live binary is the one.
    /// </summary>
    private static async Task<(bool Staged, K0sVersion? Expected, string? StagedHash)> StageAsync(
        RunContext context, GatheredHost host, HostUpgrade? upgrade, SemaphoreSlim uploads, CancellationToken token)
    {
        var facts = host.Facts;
        if (host.Host.UploadBinary && host.Host.K0sBinaryPath is { } localPath)
        {
            var hash = await LocalK0sBinary.Sha256Async(localPath, token);
            if (facts.FileHashes.GetValueOrDefault(K0sPaths.Binary) == hash)
            {
                return (false, null, null);
            }
            var expected = upgrade?.To ?? await LocalK0sBinary.VersionAsync(localPath, token) ?? K0sVersion.Parse(context.Cluster.K0s.Version);
            if (facts.FileHashes.GetValueOrDefault(K0sPaths.StagedBinary) != hash)
            {
                var size = new FileInfo(localPath).Length;
                await context.ChangeAsync(host.Session, $"stage k0s binary {Path.GetFileName(localPath)} ({size / 1024} KiB) at {K0sPaths.StagedBinary}",
                    async (w, t) =>
                    {
                        await uploads.WaitAsync(t);
                        try
                        {
                            await K0sBinary.StageUploadAsync(w, localPath, hash, t);
                        }
                        finally
                        {
                            uploads.Release();
                        }
                    }, token);
            }
            return (true, expected, hash);
        }

        var installed = K0sVersion.Parse(facts.K0sVersion);
        var target = upgrade?.To ?? K0sVersion.Parse(context.Cluster.K0s.Version);
        if (facts.K0sVersion is not null && (target is null || installed == target))
        {
            return (false, null, null);
        }
        if (target is null)
        {
            throw new HostException(host.Name, "no k0s installed and spec.k0s.version is not set: set it, or uploadBinary with k0sBinaryPath");
        }
        await context.ChangeAsync(host.Session, $"download k0s {target} to {K0sPaths.StagedBinary}",
            (w, t) => K0sBinary.StageDownloadAsync(w, host, target, t), token);
        return (true, target, null);
    }
}
