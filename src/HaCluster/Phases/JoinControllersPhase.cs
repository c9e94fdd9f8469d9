using HaCluster.K0s;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Joins the other controllers one at a time (etcd grows by one member per step, never two at once), each gated on
/// its API being ready, the API answering through the load balancer, and etcd having gained exactly that member.
/// Controllers already in the cluster whose inputs changed are restarted, also one at a time.
/// </summary>
public sealed class JoinControllersPhase : Phase<LedCluster>
{
    private readonly JoinTokens tokens = new();

    public override string Title => "Join controllers";

    public override bool ShouldRun(RunContext context, LedCluster cluster) => cluster.Controllers.Count() > 1;

    public override async Task RunAsync(RunContext context, LedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var leader = cluster.Leader.Host;
        foreach (var host in cluster.Controllers.Where(c => c != leader))
        {
            if (K0sService.IsJoined(host))
            {
                await RestartIfChangedAsync(context, host, cancellationToken);
            }
            else
            {
                await context.ChangeAsync(host.Session, "join controller: token, install and start k0s controller, wait for etcd",
                    (writer, token) => JoinAsync(context, leader.Session, host, writer, token), cancellationToken);
            }
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => tokens.InvalidateAllAsync(cancellationToken);

    private async Task JoinAsync(RunContext context, HostSession leader, GatheredHost host, HostWriter writer, CancellationToken cancellationToken)
    {
        var before = await ClusterProbes.EtcdMembersAsync(leader, cancellationToken);
        if (before.Values.Contains(ClusterProbes.PeerUrl(host.Host)))
        {
            // An earlier join was cut off after etcd added the member: remove it, or etcd refuses the same peer twice.
            await writer.On(leader).RunAsync(K0sCommands.EtcdLeave(host.Host.PrivateAddress), cancellationToken);
            before = await ClusterProbes.EtcdMembersAsync(leader, cancellationToken);
        }
        var (id, token) = await tokens.CreateAsync(context, writer.On(leader), "controller", cancellationToken);
        try
        {
            await tokens.WriteAsync(id, token, host.Session, writer, cancellationToken);
            await K0sService.InstallAndStartAsync(host, writer, joining: true, cancellationToken);
            await ClusterProbes.WaitForLocalApiAsync(context, host.Session, cancellationToken);
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, leader, cancellationToken);
            await Waits.UntilAsync($"WaitForEtcdMember {host.Name}", context.Options.Timeout, async t =>
            {
                var members = await ClusterProbes.EtcdMembersAsync(leader, t);
                return members.Count == before.Count + 1 && members.Values.Contains(ClusterProbes.PeerUrl(host.Host));
            }, cancellationToken);
            await tokens.DisarmAsync(id, host.Session, cancellationToken);
        }
        finally
        {
            await tokens.InvalidateAsync(id, CancellationToken.None);
        }
    }

    private static async Task RestartIfChangedAsync(RunContext context, GatheredHost host, CancellationToken cancellationToken)
    {
        if (K0sService.RestartReason(host, joining: true) is not { } reason)
        {
            return;
        }
        await context.ChangeAsync(host.Session, $"restart k0s controller ({reason})", async (writer, token) =>
        {
            await K0sService.RestartAsync(host, writer, joining: true, token);
            await ClusterProbes.WaitForLocalApiAsync(context, host.Session, token);
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host.Session, token);
        }, cancellationToken);
    }
}
