using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// After a power cut: when controllers that joined are stopped and etcd has no quorum, decides, before anything is
/// changed, to start every stopped member together (started one at a time, none ever reaches a quorum: k0sctl
/// #561), or refuses when the members that can still run are too few for a quorum, naming the missing ones. Then it
/// starts them all at once, waits for etcd's quorum and their APIs, and hands on their facts as they are now (running),
/// so that later phases (the upgrade plan, restarts for changed inputs, the leader's wait through the load balancer)
/// see a running cluster. With a quorum running (a minority down) it does nothing: they restart one at a time, as always.
/// </summary>
/// <remarks>
/// The members come from etcd when a running controller's etcd answers, else from the stopped members' own databases
/// (<see cref="EtcdDatabase"/>): the config alone cannot tell a member whose data is gone from a controller that never joined.
/// </remarks>
public sealed class RegainQuorumPhase<TBefore> : Phase<GatheredCluster<TBefore>, GatheredCluster<TBefore>>
{
    public override string Title => "Check etcd quorum";

    public override async Task<GatheredCluster<TBefore>> RunAsync(RunContext context, GatheredCluster<TBefore> cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cluster);
        var joined = cluster.Controllers.Where(K0sService.IsJoined).ToList();
        var stopped = joined.Where(h => !h.Facts.IsActive(K0sCommands.UnitName(h.Host))).ToList();
        if (stopped.Count == 0)
        {
            return cluster;
        }
        var running = joined.Except(stopped).ToList();
        var failures = new List<string>();
        IReadOnlyList<EtcdMember> members;
        if (await EtcdProbe.ReadFromFirstAsync(running.Select(h => h.Session), failures, cancellationToken) is { } seen)
        {
            if (HasQuorum(seen.Health))
            {
                return cluster;
            }
            members = [.. seen.Health.Members.Select(m => m.Member)];
        }
        else
        {
            members = await MembersOnDiskAsync(context, joined, cancellationToken);
        }

        bool IsMember(GatheredHost host) => members.Any(m => m.PeerUrls.Contains(ClusterProbes.PeerUrl(host.Host)));
        var up = running.Where(IsMember).ToList();
        var startable = stopped.Where(IsMember).ToList();
        var quorum = (members.Count / 2) + 1;
        if (up.Count + startable.Count < quorum)
        {
            throw Refusal(context, cluster, members, [.. up, .. startable], quorum);
        }
        if (startable.Count == 0)
        {
            return cluster;
        }
        context.Info($"etcd has no quorum ({members.Count - up.Count} of its {members.Count} members not running): "
            + $"start {startable.Count} controller{(startable.Count == 1 ? "" : "s")} together to regain etcd quorum ({string.Join(", ", startable.Select(h => h.Name))})");
        var started = await StartTogetherAsync(context, startable, cancellationToken);
        return cluster with { Hosts = [.. cluster.Hosts.Select(h => started.GetValueOrDefault(h, h))] };
    }

    /// <summary>
    /// Starts the hosts all at once, then waits for etcd's quorum and each one's /readyz; returns them with their facts
    /// gathered again. A quorum that does not come back within --timeout is refused like a lost one.
    /// </summary>
    private static async Task<Dictionary<GatheredHost, GatheredHost>> StartTogetherAsync(
        RunContext context, List<GatheredHost> hosts, CancellationToken cancellationToken)
    {
        var action = hosts.Count == 1 ? "start k0s controller to regain etcd quorum"
            : $"start k0s controller, one of {hosts.Count} started together to regain etcd quorum";
        // Not bounded by --concurrency: etcd forms a quorum only from members started close together. A plain start:
        // changed inputs (flags, k0s.yaml, binary) restart them later, one at a time, once the quorum is back.
        await Task.WhenAll(hosts.Select(host => context.ChangeAsync(host.Session, action,
            (writer, token) => writer.RunAsync(RemoteCommand.Exec("systemctl", "start", K0sCommands.UnitName(host.Host)), token), cancellationToken)));
        if (context.Options.DryRun)
        {
            foreach (var host in hosts)
            {
                host.Changed.RestartedOntoChanges();
            }
            return [];
        }
        EtcdHealth? last = null;
        try
        {
            await Waits.UntilAsync("WaitForEtcdQuorum", context.Options.Timeout, async token =>
            {
                last = (await EtcdProbe.ReadFromFirstAsync(hosts.Select(h => h.Session), [], token))?.Health;
                return last is not null && HasQuorum(last);
            }, cancellationToken);
        }
        catch (TimeoutException timeout)
        {
            var unhealthy = last is null ? "no started member's etcd answered"
                : "members not healthy: " + string.Join("; ", last.Members.Where(m => !m.Healthy).Select(m => $"{m.Member.DisplayName} ({m.Member.PeerUrl}): {m.Problem}"));
            throw new RefusedException($"etcd did not regain its quorum after {hosts.Count} controllers were started together ({timeout.Message}); "
                + $"{unhealthy}. {RestoreHint}", timeout);
        }
        await Task.WhenAll(hosts.Select(h => ClusterProbes.WaitForLocalApiAsync(context, h.Session, cancellationToken)));
        // The same facts round trip as GatherFactsPhase, for the started hosts only.
        var managedPaths = FactsGathering.ManagedPaths(context);
        var refreshed = new Dictionary<GatheredHost, GatheredHost>();
        foreach (var host in hosts)
        {
            var facts = FactsScript.Parse(await host.Session.QueryAsync(FactsScript.Command(host.Host.DataDir, managedPaths[host.Session.Host.Index]), cancellationToken));
            refreshed[host] = new GatheredHost(host.Session, host.Host, facts);
        }
        return refreshed;
    }

    private const string RestoreHint =
        "The way out is a restore from a backup: `hactl apply --restore-from BACKUP` (a backup made by `hactl backup` or `k0s backup`)";

    private static bool HasQuorum(EtcdHealth health) => health.Healthy.Count() > health.Members.Count / 2;

    /// <summary>The union of the members every joined controller's database lists; a database that cannot be read is warned about.</summary>
    private static async Task<IReadOnlyList<EtcdMember>> MembersOnDiskAsync(RunContext context, IReadOnlyList<GatheredHost> joined, CancellationToken cancellationToken)
    {
        var members = new Dictionary<string, EtcdMember>(StringComparer.Ordinal);
        foreach (var host in joined)
        {
            try
            {
                var listed = await EtcdDatabase.MembersAsync(async (offset, length, token) =>
                    EtcdDatabase.Decode(await host.Session.QueryAsync(EtcdDatabase.Read(host.Host.DataDir, offset, length), token)), cancellationToken);
                foreach (var member in listed.Where(m => m.PeerUrl.Length > 0))
                {
                    members.TryAdd(member.PeerUrl, member);
                }
            }
            catch (Exception e) when (e is RemoteException or FormatException or System.Text.Json.JsonException)
            {
                context.Warn($"cannot read etcd's members from {EtcdDatabase.Path(host.Host.DataDir)}: {e.Message}", host.Session);
            }
        }
        if (members.Count == 0)
        {
            // Nothing readable: the joined controllers are all the members there is evidence of.
            return [.. joined.Select(h => new EtcdMember("", h.Facts.Hostname, [ClusterProbes.PeerUrl(h.Host)], []))];
        }
        return [.. members.Values];
    }

    private static RefusedException Refusal(RunContext context, GatheredCluster cluster, IReadOnlyList<EtcdMember> members, IReadOnlyList<GatheredHost> able, int quorum)
    {
        var missing = members.Where(m => !able.Any(h => m.PeerUrls.Contains(ClusterProbes.PeerUrl(h.Host))))
            .Select(m => $"{m.DisplayName} ({m.PeerUrl}): {WhyMissing(context, cluster, m)}");
        var canRun = able.Count == 0 ? "none" : string.Join(", ", able.Select(h => h.Name));
        return new RefusedException($"etcd cannot regain its quorum: it has {members.Count} members, a quorum is {quorum}, "
            + $"and only {able.Count} can run ({canRun}). Missing: {string.Join("; ", missing)}. Nothing was changed. {RestoreHint}");
    }

    private static string WhyMissing(RunContext context, GatheredCluster cluster, EtcdMember member)
    {
        var configured = context.Cluster.Hosts.FirstOrDefault(h => h.IsController && member.PeerUrls.Contains(ClusterProbes.PeerUrl(h)));
        if (configured is null)
        {
            return "not a controller of the config";
        }
        var host = cluster.Controllers.FirstOrDefault(h => h.Host.Index == configured.Index);
        return host is null ? $"{configured.Name} is unreachable" : $"{host.Name}'s etcd data is gone (no {EtcdDatabase.Path(host.Host.DataDir)})";
    }
}
