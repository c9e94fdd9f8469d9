using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Starts the cluster on the leader controller (the first one already in the cluster, else the first listed) and
/// waits until the API answers through the load balancer. An existing leader is restarted only if its inputs changed.
/// </summary>
public sealed class InitializeClusterPhase : Phase<GatheredCluster, LedCluster>
{
    public override string Title => "Initialize cluster";

    public override async Task<LedCluster> RunAsync(RunContext context, GatheredCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var running = cluster.Controllers.FirstOrDefault(K0sService.IsJoined);
        var leader = new ClusterLeader(running ?? cluster.Controllers.First(), running is not null);
        var host = leader.Host;
        if (!leader.WasRunning)
        {
            await context.ChangeAsync(host.Session, "initialize the cluster: install and start k0s controller", async (writer, token) =>
            {
                await K0sService.InstallAndStartAsync(host, writer, joining: false, token);
                await ClusterProbes.WaitForLocalApiAsync(context, host.Session, token);
                await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host.Session, token);
            }, cancellationToken);
            return new LedCluster(cluster, leader);
        }
        // A leader due for an upgrade restarts in its turn, onto everything written before it.
        if (cluster.Upgrade.Of(host) is null && K0sService.RestartReason(host, joining: false) is { } reason)
        {
            await context.ChangeAsync(host.Session, $"restart k0s controller ({reason})", async (writer, token) =>
            {
                await K0sService.RestartAsync(host, writer, joining: false, token);
                await ClusterProbes.WaitForLocalApiAsync(context, host.Session, token);
            }, cancellationToken);
        }
        // A dry run changed nothing, so the load balancer may not route to the API yet.
        if (!context.Options.DryRun)
        {
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host.Session, cancellationToken);
        }
        return new LedCluster(cluster, leader);
    }
}
