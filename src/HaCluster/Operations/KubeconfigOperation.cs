using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Remote;

namespace HaCluster.Operations;

/// <summary>`hactl kubeconfig`: the admin kubeconfig from the first controller that answers, pointed at the load balancer.</summary>
public static class KubeconfigOperation
{
    public const string Name = "kubeconfig";

    public static Operation Create(ITransport transport, string? address) => new(Name,
        [new ConnectFirstReachablePhase(transport, c => c.Controllers), new FetchKubeconfigPhase(address)],
        [new DisconnectPhase()]);

    /// <summary>The address a kubeconfig points at: the user's choice, else the external LB, the VIP, or the first controller.</summary>
    public static string ServerFor(ClusterModel cluster, string? address)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return AdminKubeconfig.ServerUrl(address ?? cluster.ApiAddress, cluster.LoadBalancer.ApiPort);
    }
}

/// <summary>The kubeconfig a run fetched; it holds a client key, so it only ever goes to stdout or a 0600 file.</summary>
public sealed record FetchedKubeconfig(string Yaml);

/// <summary>Reads `k0s kubeconfig admin` on a controller and rewrites it for the user.</summary>
public sealed class FetchKubeconfigPhase(string? address) : Phase
{
    public override string Title => "Fetch admin kubeconfig";

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var controller = context.Sessions.First(s => s.IsConnected && s.Host.IsController);
        var raw = await controller.QueryAsync(K0sCommands.KubeconfigAdmin(), cancellationToken);
        var server = KubeconfigOperation.ServerFor(context.Cluster, address);
        context.State.Set(new FetchedKubeconfig(AdminKubeconfig.Rewrite(raw, context.Cluster.Name, server)));
    }
}
