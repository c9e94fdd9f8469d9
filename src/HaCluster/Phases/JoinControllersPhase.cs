using HaCluster.K0s;
using HaCluster.Pipeline;

namespace HaCluster.Phases;

/// <summary>
/// Joins the other controllers one at a time (etcd grows by one member per step, never two at once), each gated on
/// its API being ready, the API answering through the load balancer, and etcd having gained exactly that member.
/// Controllers already in the cluster whose inputs changed are restarted, also one at a time.
/// </summary>
public sealed class JoinControllersPhase : Phase
{
    private readonly JoinTokens tokens = new();

    public override string Title => "Join controllers";

    public override bool ShouldRun(RunContext context) => context.Controllers.Count() > 1;

    public override async Task RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var leader = context.State.Get<ClusterLeader>().Host;
        foreach (var host in context.Controllers.Where(c => c != leader))
        {
            if (K0sService.IsJoined(host))
            {
                await RestartIfChangedAsync(context, host, cancellationToken);
            }
            else
            {
                await context.ChangeAsync(host, "join controller: token, install and start k0s controller, wait for etcd",
                    token => JoinAsync(context, leader, host, token), cancellationToken);
            }
        }
    }

    public override Task CleanUpAsync(RunContext context, CancellationToken cancellationToken) => tokens.InvalidateAllAsync(cancellationToken);

    private async Task JoinAsync(RunContext context, HostSession leader, HostSession host, CancellationToken cancellationToken)
    {
        var before = await ClusterProbes.EtcdMembersAsync(leader, cancellationToken);
        if (before.Values.Contains(ClusterProbes.PeerUrl(host.Host)))
        {
            // An earlier join was cut off after etcd added the member: remove it, or etcd refuses the same peer twice.
            await leader.QueryAsync(K0sCommands.EtcdLeave(host.Host.PrivateAddress), cancellationToken);
            before = await ClusterProbes.EtcdMembersAsync(leader, cancellationToken);
        }
        var (id, token) = await tokens.CreateAsync(context, leader, "controller", cancellationToken);
        try
        {
            await tokens.WriteAsync(id, token, host, cancellationToken);
            await K0sService.InstallAndStartAsync(host, joining: true, cancellationToken);
            await ClusterProbes.WaitForLocalApiAsync(context, host, cancellationToken);
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, leader, cancellationToken);
            await Waits.UntilAsync($"WaitForEtcdMember {host.Name}", context.Options.Timeout, async t =>
            {
                var members = await ClusterProbes.EtcdMembersAsync(leader, t);
                return members.Count == before.Count + 1 && members.Values.Contains(ClusterProbes.PeerUrl(host.Host));
            }, cancellationToken);
            await tokens.DisarmAsync(id, host, cancellationToken);
        }
        finally
        {
            await tokens.InvalidateAsync(id, CancellationToken.None);
        }
    }

    private static async Task RestartIfChangedAsync(RunContext context, HostSession host, CancellationToken cancellationToken)
    {
        if (K0sService.RestartReason(host, joining: true) is not { } reason)
        {
            return;
        }
        await context.ChangeAsync(host, $"restart k0s controller ({reason})", async token =>
        {
            await K0sService.RestartAsync(host, joining: true, token);
            await ClusterProbes.WaitForLocalApiAsync(context, host, token);
            await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host, token);
        }, cancellationToken);
    }
}
