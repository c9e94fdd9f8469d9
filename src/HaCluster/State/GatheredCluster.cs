using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.State;

/// <summary>
/// The cluster once the reached hosts' facts are known. <see cref="Cluster"/> is the model refined by those facts
/// and is, from here on, the one model phases render and decide from.
/// </summary>
/// <param name="Cluster">The model, its hosts refined by their facts.</param>
/// <param name="Hosts">Every reached host with its facts, in config order (hosts that were not reached are absent).</param>
public record GatheredCluster(ClusterModel Cluster, IReadOnlyList<GatheredHost> Hosts)
{
    public IEnumerable<GatheredHost> Controllers => Hosts.Where(h => h.Host.IsController);
    public IEnumerable<GatheredHost> Workers => Hosts.Where(h => h.Host.Role == HostRole.Worker);
    public IEnumerable<GatheredHost> LoadBalancers => Hosts.Where(h => h.Host.Role == HostRole.LoadBalancer);

    /// <summary>The k0s upgrades of running hosts this run makes, set by <c>PlanUpgradePhase</c>; none before it.</summary>
    public UpgradePlan Upgrade { get; init; } = UpgradePlan.None;

    /// <summary>The reached host of a session, or null when it was not reached.</summary>
    public GatheredHost? Find(HostSession session) => Hosts.FirstOrDefault(h => h.Session == session);

    /// <summary>The reached host of a session; one that was not reached is a bug of the caller.</summary>
    public GatheredHost this[HostSession session] =>
        Find(session) ?? throw new InvalidOperationException($"{session?.Name}: no facts, the host was not reached");
}

/// <summary>The gathered cluster together with what was learnt before the facts (for apply: each host's OS).</summary>
public sealed record GatheredCluster<TBefore>(TBefore Before, ClusterModel Cluster, IReadOnlyList<GatheredHost> Hosts)
    : GatheredCluster(Cluster, Hosts);
