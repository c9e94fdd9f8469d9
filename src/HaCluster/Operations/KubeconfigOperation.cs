using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.State;

namespace HaCluster.Operations;

/// <summary>`hactl kubeconfig`: the admin kubeconfig from the first controller that answers, pointed at the load balancer.</summary>
public static class KubeconfigOperation
{
    public const string Name = "kubeconfig";

    public static Operation<FetchedKubeconfig> Create(ITransport transport, string? address) =>
        Operation.Compose(Name)
            .Then(new ConnectFirstReachablePhase(transport, c => c.Controllers))
            .Then(new FetchKubeconfigPhase(address))
            .Finally(kubeconfig => kubeconfig, new DisconnectPhase());

    /// <summary>The address a kubeconfig points at: the user's choice, else the external LB, the VIP, or the first controller.</summary>
    public static string ServerFor(ClusterModel cluster, string? address)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return AdminKubeconfig.ServerUrl(address ?? cluster.ApiAddress, cluster.LoadBalancer.ApiPort);
    }
}
