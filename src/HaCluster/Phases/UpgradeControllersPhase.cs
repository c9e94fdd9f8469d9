using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.State;

namespace HaCluster.Phases;

/// <summary>
/// Upgrades the running controllers one at a time, in the plan's order (the etcd leader last). Each is cordoned and
/// drained if it runs workloads, taken out of HAProxy's rotation on every load balancer host, restarted on the new
/// binary, and gated on its own /readyz, /readyz through the load balancer, and every etcd member healthy with the
/// membership unchanged, before it goes back into rotation and the next one starts: etcd never misses two members.
/// </summary>
public sealed class UpgradeControllersPhase(UpgradeTally tally) : Phase<LedCluster>
{
    public override string Title => "Upgrade controllers";

    public override bool ShouldRun(RunContext context, LedCluster cluster) => cluster?.Upgrade.Controllers.Count > 0;

    public override async Task RunAsync(RunContext context, LedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cluster);
        if (context.Cluster.LoadBalancer.Type == LoadBalancerType.External)
        {
            context.Warn($"external load balancer {context.Cluster.LoadBalancer.ExternalAddress}: hactl cannot take a controller out of its rotation; "
                + "its health check should probe /readyz so that it stops sending requests to a controller as it restarts");
        }
        var upgrades = cluster.Upgrade.Controllers;
        for (var i = 0; i < upgrades.Count; i++)
        {
            var upgrade = upgrades[i];
            var host = upgrade.Host;
            var kubectlOn = cluster.Controllers.FirstOrDefault(c => c != host && K0sService.IsJoined(c))?.Session ?? host.Session;
            await context.ChangeAsync(host.Session, $"{upgrade.Describe()} (controller {i + 1} of {upgrades.Count})",
                new VersionChange(upgrade.From.ToString(), upgrade.To.ToString()), async (writer, token) =>
                {
                    var before = host.Host.Role == HostRole.Single ? null : await MemberUrlsAsync(kubectlOn, token);
                    await RollingRestart.RunAsync(new RollingRestart.Turn(context, upgrade, kubectlOn,
                        (w, t) => TakeOutAsync(context, cluster, host, w, t),
                        t => GateAsync(context, host, before, t)), writer, token);
                }, cancellationToken);
            tally?.Add();
        }
    }

    private static async Task<RollingRestart.PutBack?> TakeOutAsync(
        RunContext context, LedCluster cluster, GatheredHost host, HostWriter writer, CancellationToken cancellationToken)
    {
        if (!LoadBalancerRotation.Applies(context, cluster))
        {
            return null;
        }
        await LoadBalancerRotation.SetAsync(writer, cluster, host, "maint", cancellationToken);
        return new RollingRestart.PutBack(
            (w, t) => LoadBalancerRotation.SetAsync(w, cluster, host, "ready", t),
            t => LoadBalancerRotation.WaitUntilUpAsync(context, cluster, host, t));
    }

    private static async Task GateAsync(RunContext context, GatheredHost host, IReadOnlySet<string>? membersBefore, CancellationToken cancellationToken)
    {
        await ClusterProbes.WaitForLocalApiAsync(context, host.Session, cancellationToken);
        await ClusterProbes.WaitForApiThroughLoadBalancerAsync(context, host.Session, cancellationToken);
        if (membersBefore is null)
        {
            return;
        }
        await Waits.UntilAsync($"WaitForEtcdHealthy after {host.Name}", context.Options.Timeout, async token =>
        {
            var (health, _) = await EtcdProbe.ReadAsync(host.Session, token);
            return health is not null && health.Members.All(m => m.Healthy)
                && health.Members.SelectMany(m => m.Member.PeerUrls).ToHashSet().SetEquals(membersBefore);
        }, cancellationToken);
    }

    private static async Task<IReadOnlySet<string>> MemberUrlsAsync(HostSession controller, CancellationToken cancellationToken)
    {
        var (health, failure) = await EtcdProbe.ReadAsync(controller, cancellationToken);
        return health?.Members.SelectMany(m => m.Member.PeerUrls).ToHashSet()
            ?? throw new HostException(controller.Name, $"cannot read etcd's membership before the upgrade: {failure}");
    }
}
