using HaCluster.Hosts;
using HaCluster.K0s;
using HaCluster.Spec;

namespace HaCluster.Status;

/// <summary>Judges a <see cref="ClusterStatus"/>: one sentence for everything down, unhealthy or out of place.</summary>
public static class StatusProblems
{
    /// <param name="expectedMembers">The peer URLs etcd should have: the config's controllers, ejected ones left out.</param>
    public static IReadOnlyList<string> Find(ClusterStatus status, IReadOnlyCollection<string> expectedMembers)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(expectedMembers);
        return [.. status.Hosts.Where(h => !h.Ejected).SelectMany(HostProblems), .. EtcdProblems(status, expectedMembers), .. LoadBalancerProblems(status.LoadBalancer)];
    }

    private static IEnumerable<string> HostProblems(HostStatus host)
    {
        if (!host.Reachable)
        {
            yield return $"{host.Name}: unreachable ({host.Unreachable})";
            yield break;
        }
        string[] units = host.Role switch
        {
            Roles.LoadBalancer => LoadBalancerServices.Units,
            Roles.Worker => [K0sPaths.WorkerUnit],
            _ => [K0sPaths.ControllerUnit],
        };
        foreach (var unit in units)
        {
            var state = host.Services.GetValueOrDefault(unit, "missing");
            if (state != "active")
            {
                yield return $"{host.Name}: {unit} is {(state == "missing" ? "not installed" : state)}";
            }
        }
        if (host.Api == "failing")
        {
            yield return $"{host.Name}: its API server is not ready (/readyz fails)";
        }
        if (host.Node is "NotReady" or "absent")
        {
            yield return $"{host.Name}: node {host.Hostname} is {(host.Node == "absent" ? "not registered" : "NotReady")}";
        }
    }

    private static IEnumerable<string> EtcdProblems(ClusterStatus status, IReadOnlyCollection<string> expectedMembers)
    {
        if (status.Etcd is not { } etcd)
        {
            yield return $"etcd: {status.EtcdUnavailable ?? "not asked"}";
            yield break;
        }
        foreach (var member in etcd.Members.Where(m => !m.Healthy))
        {
            yield return $"etcd member {member.Name} ({member.PeerUrl}) is unhealthy: {member.Problem}";
        }
        if (etcd.Leader is null)
        {
            yield return "etcd has no leader";
        }
        foreach (var member in etcd.Members.Where(m => !expectedMembers.Contains(m.PeerUrl)))
        {
            yield return $"etcd member {member.Name} ({member.PeerUrl}) is not a controller of the config (eject it, or add its host)";
        }
        foreach (var url in expectedMembers.Where(u => etcd.Members.All(m => m.PeerUrl != u)))
        {
            yield return $"controller {url} is not an etcd member (apply joins it)";
        }
    }

    private static IEnumerable<string> LoadBalancerProblems(LoadBalancerStatus lb)
    {
        if (lb.Type is LoadBalancerTypes.HaproxyKeepalived or LoadBalancerTypes.Cplb)
        {
            if (lb.VipHolders.Count != 1)
            {
                yield return lb.VipHolders.Count == 0
                    ? $"the virtual IP {lb.Address} is held by no host"
                    : $"the virtual IP {lb.Address} is held by several hosts at once: {string.Join(", ", lb.VipHolders)}";
            }
        }
        foreach (var server in lb.Backends.Where(b => b.State != "UP"))
        {
            yield return $"{server.Host}: HAProxy backend {server.Backend} server {server.Server} is {server.State} ({server.Check})";
        }
        foreach (var (host, why) in lb.Unreadable)
        {
            yield return $"{host}: HAProxy backend states unreadable: {why}";
        }
        if (lb.Answers == false)
        {
            yield return $"the external load balancer {lb.Address} does not answer";
        }
    }
}
