using HaCluster.K0s;
using HaCluster.Operations;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>Reads `k0s kubeconfig admin` on a connected controller and rewrites it for the user.</summary>
public sealed class FetchKubeconfigPhase(string? address) : Phase<object, FetchedKubeconfig>
{
    public override string Title => "Fetch admin kubeconfig";

    public override async Task<FetchedKubeconfig> RunAsync(RunContext context, object state, CancellationToken cancellationToken)
    {
        var controller = context.Sessions.First(s => s.IsConnected && s.Host.IsController);
        var raw = await controller.QueryAsync(K0sCommands.KubeconfigAdmin(), cancellationToken);
        var server = KubeconfigOperation.ServerFor(context.Cluster, address);
        return new FetchedKubeconfig(AdminKubeconfig.Rewrite(raw, context.Cluster.Name, server));
    }
}
