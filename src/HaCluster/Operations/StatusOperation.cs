using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Status;

namespace HaCluster.Operations;

/// <summary>`hactl status`: reads every host, etcd and the load balancer, changes nothing and takes no lock.</summary>
public static class StatusOperation
{
    public const string Name = "status";

    public static Operation<ClusterStatus> Create(ITransport transport) =>
        Operation.Compose(Name)
            // Any host may be down: that is what status is for.
            .Then(new ConnectTolerantPhase(transport, c => c.Sessions, _ => true))
            .Then(new GatherFactsPhase<RunStart>())
            .Then(new ReadClusterStatusPhase())
            .Finally(status => status, new DisconnectPhase());
}
