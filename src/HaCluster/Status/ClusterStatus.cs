using System.Text.Json.Serialization;
using HaCluster.Spec;

namespace HaCluster.Status;

/// <summary>What `hactl status` found: every host, etcd, the load balancer, and what is wrong. Serialized as its JSON output.</summary>
public sealed record ClusterStatus
{
    public required string Cluster { get; init; }
    public required IReadOnlyList<HostStatus> Hosts { get; init; }
    /// <summary>Null when no controller's etcd answered (<see cref="EtcdUnavailable"/> says why).</summary>
    public EtcdStatus? Etcd { get; init; }
    public string? EtcdUnavailable { get; init; }
    public required LoadBalancerStatus LoadBalancer { get; init; }
    /// <summary>Everything down or unhealthy, one sentence each; empty when the cluster is healthy.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Healthy => Problems.Count == 0;

    /// <summary>With no controller reachable hactl cannot tell the cluster's state at all.</summary>
    public bool Conclusive => Hosts.Any(h => h.IsController && h.Reachable);
}

/// <param name="Name">The config's name for the host.</param>
/// <param name="Hostname">What the host calls itself (etcd member and node name), when reached.</param>
/// <param name="Role">controller, controller+worker, worker, single or loadbalancer.</param>
/// <param name="Services">The state of each unit that exists (k0scontroller, k0sworker, haproxy, keepalived): active, inactive, failed…</param>
/// <param name="Api">Controllers: "ok" when its own API's /readyz says so, else "failing".</param>
/// <param name="Node">Hosts that run workloads: Ready, NotReady or absent.</param>
/// <param name="Ejected">Ejected by eject-controller and still in the config: not counted as down.</param>
public sealed record HostStatus(
    string Name, string? Hostname, string Role, bool Reachable, string? Unreachable, string? K0sVersion,
    IReadOnlyDictionary<string, string> Services, string? Api, string? Node, bool Ejected)
{
    [JsonIgnore]
    public bool IsController => Role is Roles.Controller or Roles.ControllerWorker or Roles.Single;
}

public sealed record EtcdStatus(string AskedOn, IReadOnlyList<EtcdMemberStatus> Members)
{
    public string? Leader => Members.FirstOrDefault(m => m.Leader)?.Name;
}

public sealed record EtcdMemberStatus(string Name, string PeerUrl, bool Healthy, bool Leader, string? Problem);

/// <param name="Type">haproxy-keepalived, cplb, external or none.</param>
/// <param name="Address">The VIP (with prefix) or the external address.</param>
/// <param name="VipHolders">The hosts holding the VIP now: exactly one when healthy.</param>
/// <param name="Backends">Each HAProxy server as each load balancer host sees it.</param>
/// <param name="Unreadable">Load balancer hosts whose backends could not be read, and why.</param>
/// <param name="Answers">external: whether the address answers on the API port.</param>
public sealed record LoadBalancerStatus(
    string Type, string? Address, IReadOnlyList<string> VipHolders, IReadOnlyList<LoadBalancerBackend> Backends,
    IReadOnlyDictionary<string, string> Unreadable, bool? Answers);

/// <param name="Host">The load balancer host that reported it.</param>
public sealed record LoadBalancerBackend(string Host, string Backend, string Server, string Address, string State, string Check);
