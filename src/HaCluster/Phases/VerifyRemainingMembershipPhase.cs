using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>After an ejection: etcd's members are exactly the remaining controllers (asked with `k0s etcd member-list`).</summary>
public sealed class VerifyRemainingMembershipPhase : Phase<EjectionPlan>
{
    public override string Title => "Verify etcd membership";

    // A dry run removed nothing, so the membership still has the node.
    public override bool ShouldRun(RunContext context, EjectionPlan plan) => !context.Options.DryRun;

    public override async Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        var members = await ClusterProbes.EtcdMembersAsync(target.Operator, cancellationToken);
        var expected = target.Remaining.Select(r => ClusterProbes.PeerUrl(r.Host)).ToHashSet(StringComparer.Ordinal);
        var extra = members.Where(m => !expected.Contains(m.Value)).Select(m => $"{(m.Key.Length > 0 ? m.Key : "?")} ({m.Value})").ToList();
        var missing = target.Remaining.Where(r => !members.Values.Contains(ClusterProbes.PeerUrl(r.Host))).Select(r => r.Name).ToList();
        if (extra.Count > 0 || missing.Count > 0)
        {
            var problems = extra.Select(e => $"{e} should not be a member").Concat(missing.Select(m => $"controller {m} is not a member"));
            throw new HostException(target.Operator.Name, "etcd membership does not match the remaining controllers: " + string.Join("; ", problems));
        }
        context.Info($"etcd has {members.Count} members: {string.Join(", ", members.Keys.Order(StringComparer.Ordinal))}");
        if (target.Session is { } ejected)
        {
            context.Info($"{target.Display} is out of the cluster. Remove {ejected.Host.Path} from the config: "
                + "until it is gone, apply refuses to join it back");
        }
    }
}
