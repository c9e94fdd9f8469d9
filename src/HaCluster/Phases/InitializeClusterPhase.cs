using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>The controller that leads this run: it creates tokens and answers questions about the cluster.</summary>
public sealed record ClusterLeader(HostSession Host, bool WasRunning);

/// <summary>
/// Starts the cluster on the leader controller (the first one already in the cluster, else the first listed) and
/// waits until the API answers through the load balancer. An existing leader is restarted only if its inputs changed.
/// </summary>
public sealed class InitializeClusterPhase : Phase
{
    public override string Title => "Initialize cluster";

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var running = context.Controllers.FirstOrDefault(K0sService.IsJoined);
        var leader = new ClusterLeader(running ?? context.Controllers.First(), running is not null);
        context.State.Set(leader);
        var host = leader.Host;
        if (!leader.WasRunning)
        {
            await context.ChangeAsync(host, "initialize the cluster: install and start k0s controller", async token =>
            {
                await K0sService.InstallAndStartAsync(host, joining: false, token);
                await ClusterProbes.WaitForLocalApiAsync(context, host, token);
                await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host, token);
            }, cancellationToken);
            return;
        }
        if (K0sService.RestartReason(host, joining: false) is { } reason)
        {
            await context.ChangeAsync(host, $"restart k0s controller ({reason})", async token =>
            {
                await K0sService.RestartAsync(host, joining: false, token);
                await ClusterProbes.WaitForLocalApiAsync(context, host, token);
            }, cancellationToken);
        }
        if (!context.Options.DryRun)
        {
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host, cancellationToken);
        }
    }
}
