using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>reset: takes k0s off every k0s host at once (<see cref="K0sCleanUp"/>), binary included.</summary>
public sealed class ResetK0sPhase : Phase<GatheredCluster>
{
    public override string Title => "Reset k0s";

    public override Task RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken) =>
        context.ForEachHostAsync(cluster.Hosts.Where(s => s.Host.Role != HostRole.LoadBalancer),
            (host, token) => K0sCleanUp.RunAsync(context, host, removeBinary: true, token), cancellationToken);
}
