using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>`hactl status`: reads every host, etcd and the load balancer, changes nothing and takes no lock.</summary>
public static class StatusOperation
{
    public const string Name = "status";

    public static Operation Create(ITransport transport) => new(Name,
        [
            // Any host may be down: that is what status is for.
            new ConnectTolerantPhase(transport, c => c.Sessions, _ => true),
            new GatherFactsPhase(),
            new ReadClusterStatusPhase(),
        ],
        [new DisconnectPhase()]);
}
