using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Removes the ejected controller's etcd member with `k0s etcd leave --peer-address` run on a healthy remaining
/// controller, never on the node itself: it may be dead, and k0sctl's way of running it there leaves the member
/// behind (k0sctl #603).
/// </summary>
public sealed class LeaveEtcdPhase : Phase<EjectionPlan>
{
    public override string Title => "Remove the etcd member";

    public override async Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        if (target.Member is not { } member)
        {
            context.Info($"{target.Display} is not an etcd member: nothing to remove");
            return;
        }
        var op = target.Operator;
        var peerAddress = K0sOutput.PeerHost(member.PeerUrl);
        await context.ChangeAsync(target.ReportedUnder, $"remove etcd member {member.DisplayName} ({member.PeerUrl}), from {op.Name}",
            (writer, token) => writer.On(op).RunAsync(K0sCommands.EtcdLeave(peerAddress), token), cancellationToken);
    }
}
