using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>
/// `hactl eject-controller NODE`: the seed guide's manual steps in one safe command. Nothing changes until etcd's
/// live health says the cluster keeps its quorum; then the node leaves Kubernetes, the load balancer and etcd (from a
/// remaining controller), is recorded as ejected, and is reset. Every step skips what is already done, so running it
/// again after a failure finishes the job, and on an ejected node it changes nothing.
/// </summary>
public static class EjectControllerOperation
{
    public const string Name = "eject-controller";

    public static Operation Create(ITransport transport, string node)
    {
        var hostLock = new HostLock(Name);
        // Workers play no part; controllers may be dead (the node itself, or one whose etcd health will decide).
        return ChangingPrelude.Begin(Name,
                opening => new ConnectTolerantPhase(transport, c => c.Sessions.Where(s => s.Host.Role != HostRole.Worker), s => s.Host.IsController, opening),
                hostLock)
            .Then(new CheckEjectionPhase(node))
            .Then(new DrainNodePhase())
            .Then(new RemoveFromLoadBalancerPhase())
            .Then(new LeaveEtcdPhase())
            .Then(new RecordEjectionPhase())
            .Then(new ResetEjectedNodePhase())
            .Then(new VerifyRemainingMembershipPhase())
            .Finally(ChangingPrelude.Closing(hostLock));
    }
}
