using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Rendering;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Takes the ejected controller out of every HAProxy backend: the LB hosts' files are rendered from the model
/// without it (and without controllers ejected before), then written, checked and reloaded the way apply does it
/// (<see cref="LoadBalancerSetup"/>). It runs before the etcd member is removed, so that no request reaches an API
/// server that is about to lose its etcd.
/// </summary>
public sealed class RemoveFromLoadBalancerPhase : Phase<EjectionPlan>
{
    public override string Title => "Take the node out of the load balancer";

    public override async Task RunAsync(RunContext context, EjectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var target = plan.Target;
        switch (context.Cluster.LoadBalancer.Type)
        {
            case LoadBalancerType.HaproxyKeepalived when context.LoadBalancers.Any():
                var staying = plan.Cluster.Hosts
                    .Where(h => !h.IsController || target.Remaining.Any(r => r.Host.Index == h.Index))
                    .ToList();
                var files = ClusterRenderer.RenderAll(plan.Cluster with { Hosts = staying });
                await LoadBalancerSetup.ConfigureAllAsync(context, plan.LoadBalancers, plan.Os, lb => DesiredFiles.Of(files, lb), cancellationToken);
                break;
            case LoadBalancerType.Cplb:
                // k0s's keepalived takes its virtual servers' real servers from the API's endpoints, which the
                // ejected API server leaves; hactl renders no server list of its own.
                context.Info("cplb: k0s's keepalived stops sending API traffic to the ejected controller by itself; "
                    + "a unicast peer list is updated by the next apply, once the host is out of the config");
                break;
            case LoadBalancerType.External:
                context.Warn($"external load balancer {context.Cluster.LoadBalancer.ExternalAddress}: take {target.Record.Address} out of its backends yourself");
                break;
            default:
                context.Info("no load balancer");
                break;
        }
    }
}
