using System.Collections.Concurrent;
using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Spec;
using HaCluster.State;
using HaCluster.Status;

namespace HaCluster.Phases;

/// <summary>
/// Reads everything `hactl status` reports, changing nothing: per host its facts (reached or not, k0s version, unit
/// states), each controller's /readyz, the nodes' Ready condition, etcd's members with health and leader (through one
/// controller, <see cref="EtcdProbe"/>), who holds the VIP, and every HAProxy server's state on every LB host.
/// </summary>
public sealed class ReadClusterStatusPhase : Phase<GatheredCluster, ClusterStatus>
{
    public override string Title => "Read cluster status";

    public override async Task<ClusterStatus> RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var controllers = context.Controllers.Where(c => c.IsConnected).ToList();
        var failures = new List<string>();
        // Independent reads, all at once: over the open master connections they cost one round trip each.
        var etcdRead = EtcdProbe.ReadFromFirstAsync(controllers, failures, cancellationToken);
        var loadBalancerRead = LoadBalancerAsync(context, cluster, cancellationToken);
        var apiReady = new ConcurrentDictionary<int, bool>();
        await context.ForEachHostAsync(controllers, async (controller, token) =>
            apiReady[controller.Host.Index] = await ClusterProbes.LocalApiReadyAsync(controller, token), cancellationToken);
        var nodes = await ReadNodesAsync(controllers.Where(c => apiReady[c.Host.Index]), cancellationToken);
        var etcd = await etcdRead;
        var ejected = cluster.Controllers.SelectMany(c => c.Facts.EjectedControllers).Select(r => r.Address).ToHashSet(StringComparer.Ordinal);

        var status = new ClusterStatus
        {
            Cluster = context.Cluster.Name,
            Hosts = [.. context.Sessions.Select(s => Host(s, cluster.Find(s), apiReady, nodes, ejected))],
            Etcd = etcd is { Health: var health } ? Etcd(health) : null,
            EtcdUnavailable = etcd is null
                ? controllers.Count == 0 ? "no controller could be reached" : $"no controller's etcd answers ({string.Join("; ", failures)})"
                : null,
            LoadBalancer = await loadBalancerRead,
        };
        var expected = context.Controllers.Where(c => !ejected.Contains(c.Host.PrivateAddress)).Select(c => ClusterProbes.PeerUrl(c.Host)).ToList();
        return status with { Problems = StatusProblems.Find(status, expected) };
    }

    private static HostStatus Host(HostSession session, GatheredHost? gathered, ConcurrentDictionary<int, bool> apiReady,
        IReadOnlyDictionary<string, bool>? nodes, HashSet<string> ejected)
    {
        var host = session.Host;
        var facts = gathered?.Facts;
        var hostname = facts?.Hostname;
        string? node = null;
        if (host.RunsWorkloads && nodes is not null && hostname is not null)
        {
            node = nodes.TryGetValue(hostname.ToLowerInvariant(), out var ready) ? ready ? "Ready" : "NotReady" : "absent";
        }
        return new HostStatus(
            host.Name,
            hostname,
            RoleName(host.Role),
            facts is not null,
            session.UnreachableReason,
            facts?.K0sVersion,
            facts?.ServiceStates.Where(s => s.Value != "missing" && Units(host.Role).Contains(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal)
                ?? new Dictionary<string, string>(),
            apiReady.TryGetValue(host.Index, out var api) ? api ? "ok" : "failing" : null,
            node,
            host.IsController && ejected.Contains(host.PrivateAddress));
    }

    // The units that matter for a role: haproxy installed on a controller is none of hactl's business.
    private static string[] Units(HostRole role) => role == HostRole.LoadBalancer ? LoadBalancerServices.Units : K0sPaths.Units;

    private static EtcdStatus Etcd(EtcdHealth health) => new(health.AskedOn, [.. health.Members.OrderBy(m => m.Member.DisplayName, StringComparer.Ordinal).Select(m =>
        new EtcdMemberStatus(m.Member.DisplayName, m.Member.PeerUrl, m.Healthy, m.IsLeader, m.Problem))]);

    /// <summary>Node readiness from the first controller whose API answers, or null when none does.</summary>
    private static async Task<IReadOnlyDictionary<string, bool>?> ReadNodesAsync(IEnumerable<HostSession> controllers, CancellationToken cancellationToken)
    {
        foreach (var controller in controllers)
        {
            var result = await controller.ProbeAsync(K0sCommands.Kubectl("--request-timeout=5s", "get", "nodes", "-o", "json"), cancellationToken);
            if (result.Succeeded)
            {
                return NodeReadiness.Parse(result.Stdout);
            }
        }
        return null;
    }

    private static async Task<LoadBalancerStatus> LoadBalancerAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        var lb = context.Cluster.LoadBalancer;
        var vip = lb.VirtualIP;
        var holders = vip is null ? [] : cluster.Hosts
            .Where(s => s.Facts.Addresses.Any(a => a.Address.Equals(vip.Address)))
            .Select(s => s.Name).ToList();
        var backends = new ConcurrentBag<LoadBalancerBackend>();
        var unreadable = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await context.ForEachHostAsync(context.LoadBalancers.Where(h => h.IsConnected), async (host, token) =>
        {
            var result = await host.ProbeAsync(HaproxyStats.Command(), token);
            if (!result.Succeeded)
            {
                unreadable[host.Name] = result.Stderr.Trim() is { Length: > 0 } stderr ? stderr : $"exit code {result.ExitCode}";
                return;
            }
            foreach (var server in HaproxyStats.Parse(result.Stdout))
            {
                backends.Add(new LoadBalancerBackend(host.Name, server.Backend, server.Server, server.Address, server.Status, server.Check));
            }
        }, cancellationToken);
        bool? answers = null;
        if (lb.Type == LoadBalancerType.External && context.Controllers.FirstOrDefault(c => c.IsConnected) is { } from)
        {
            answers = await LoadBalancerProbe.AnswersAsync(from, lb.ExternalAddress!, lb.ApiPort, cancellationToken);
        }
        var hostOrder = context.Sessions.Select(h => h.Name).ToList();
        return new LoadBalancerStatus(TypeName(lb.Type), vip?.ToString() ?? lb.ExternalAddress, holders,
            [.. backends.OrderBy(b => hostOrder.IndexOf(b.Host)).ThenBy(b => b.Backend, StringComparer.Ordinal).ThenBy(b => b.Server, StringComparer.Ordinal)],
            unreadable.ToDictionary(StringComparer.Ordinal), answers);
    }

    private static string RoleName(HostRole role) => role switch
    {
        HostRole.Controller => Roles.Controller,
        HostRole.ControllerWorker => Roles.ControllerWorker,
        HostRole.Single => Roles.Single,
        HostRole.Worker => Roles.Worker,
        _ => Roles.LoadBalancer,
    };

    private static string TypeName(LoadBalancerType type) => type switch
    {
        LoadBalancerType.HaproxyKeepalived => LoadBalancerTypes.HaproxyKeepalived,
        LoadBalancerType.Cplb => LoadBalancerTypes.Cplb,
        LoadBalancerType.External => LoadBalancerTypes.External,
        _ => "none",
    };
}
