using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>After the joins: etcd's members are exactly the controllers, every one started, no stranger.</summary>
public sealed class VerifyEtcdMembershipPhase : Phase<LedCluster>
{
    public override string Title => "Verify etcd membership";

    // In a dry run of a new cluster, or of one whose leader is stopped (a power cut), there is no etcd to ask yet.
    public override bool ShouldRun(RunContext context, LedCluster cluster) =>
        !context.Options.DryRun || (cluster.Leader.WasRunning && cluster.Leader.Host.Facts.IsActive(K0s.K0sCommands.UnitName(cluster.Leader.Host.Host)));

    public override async Task RunAsync(RunContext context, LedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var leader = cluster.Leader.Host.Session;
        var expected = cluster.Controllers.ToDictionary(c => ClusterProbes.PeerUrl(c.Host), c => c.Name, StringComparer.Ordinal);
        IReadOnlyDictionary<string, string> members = new Dictionary<string, string>();
        List<string> problems = ["etcd did not answer"];
        try
        {
            // A member that just restarted may take a moment to answer or to show as started: ask until it agrees.
            await Waits.UntilAsync("WaitForEtcdMembership", Settle(context), async token =>
            {
                members = await ClusterProbes.EtcdMembersAsync(leader, token);
                problems = Compare(members, expected);
                return problems.Count == 0;
            }, cancellationToken);
        }
        catch (TimeoutException error)
        {
            throw new HostException(leader.Name, "etcd membership does not match the controllers: "
                + string.Join("; ", problems) + $" ({error.Message})");
        }
        context.Info($"etcd has {members.Count} members: {string.Join(", ", members.Keys.Order(StringComparer.Ordinal))}");
    }

    // A real mismatch (a stranger, a missing controller) does not go away by waiting: bound the wait tighter.
    private static TimeSpan Settle(RunContext context) =>
        context.Options.Timeout < TimeSpan.FromMinutes(1) ? context.Options.Timeout : TimeSpan.FromMinutes(1);

    private static List<string> Compare(IReadOnlyDictionary<string, string> members, Dictionary<string, string> expected)
    {
        var problems = new List<string>();
        foreach (var (name, url) in members)
        {
            if (name.Length == 0)
            {
                problems.Add($"member {url} is not started");
            }
            if (!expected.ContainsKey(url))
            {
                problems.Add($"member {(name.Length > 0 ? name : "?")} ({url}) is not a controller of this cluster (eject it, or add its host to the config)");
            }
        }
        foreach (var (url, host) in expected.Where(e => !members.Values.Contains(e.Key)))
        {
            problems.Add($"controller {host} ({url}) is not an etcd member");
        }
        return problems;
    }
}
