using HaCluster.Model;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>The user's own load balancer must answer on the API port before controllers are joined behind it.</summary>
public sealed class CheckExternalLoadBalancerPhase : Phase
{
    public override string Title => "Check external load balancer";

    public override bool ShouldRun(RunContext context) => context.Cluster.LoadBalancer.Type == LoadBalancerType.External;

    public override Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var lb = context.Cluster.LoadBalancer;
        var from = context.Controllers.First();
        return Waits.UntilAsync($"WaitForExternalLoadBalancer {lb.ExternalAddress}:{lb.ApiPort}", context.Options.Timeout,
            token => LoadBalancerProbe.AnswersAsync(from, lb.ExternalAddress!, lb.ApiPort, token), cancellationToken);
    }
}
