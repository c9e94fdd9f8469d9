using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// HAProxy + keepalived on the load balancer hosts (<see cref="LoadBalancerSetup"/>), then the VIP held by exactly
/// one host and answering.
/// </summary>
public sealed class ConfigureLoadBalancerPhase : Phase<RenderedCluster>
{
    public override string Title => "Configure load balancer";

    public override bool ShouldRun(RunContext context, RenderedCluster cluster) =>
        context.Cluster.LoadBalancer.Type == LoadBalancerType.HaproxyKeepalived && cluster.LoadBalancers.Any();

    public override Task RunAsync(RunContext context, RenderedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return LoadBalancerSetup.ConfigureAllAsync(context, cluster.LoadBalancers, cluster.Os, cluster.Of, cancellationToken);
    }
}
