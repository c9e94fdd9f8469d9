using HaCluster.Model;
using HaCluster.Pipeline;
using HaCluster.Remote;
using HaCluster.Rendering;
using HaCluster.State;
using HaCluster.Status;

namespace HaCluster.Phases;

/// <summary>
/// Takes a controller out of HAProxy's rotation on every load balancer host before its API stops, and puts it back
/// once it is ready, through the admin socket (`set server B/S state maint|ready`). haproxy's own health check would
/// notice a stopped API only after two failed checks, and requests sent to it meanwhile would fail.
/// </summary>
internal static class LoadBalancerRotation
{
    private static readonly string[] Backends =
        [HaproxyConfigRenderer.ApiBackend, HaproxyConfigRenderer.KonnectivityBackend, HaproxyConfigRenderer.JoinApiBackend];

    // `set server` prints nothing when it worked, and its complaint otherwise.
    private const string Script = """
        out=$(printf '%s\n' "$2" | socat -t 5 - "UNIX-CONNECT:$1") || exit 1
        out=$(printf '%s' "$out" | tr -d '\n')
        [ -z "$out" ] || { echo "haproxy: $out" >&2; exit 1; }
        """;

    /// <summary>Whether apply manages a load balancer it can steer (haproxy-keepalived with its hosts in the config).</summary>
    public static bool Applies(RunContext context, GatheredCluster cluster) =>
        context.Cluster.LoadBalancer.Type == LoadBalancerType.HaproxyKeepalived && cluster.LoadBalancers.Any();

    public static Task SetAsync(HostWriter writer, GatheredCluster cluster, GatheredHost controller, string state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(cluster);
        var commands = string.Join("; ", Backends.Select(b => $"set server {b}/{ServerName(controller)} state {state}"));
        return Task.WhenAll(cluster.LoadBalancers.Select(lb => writer.On(lb.Session).RunAsync(
            RemoteCommand.Script($"haproxy: {controller.Name} {state}", Script, ManagedFiles.HaproxyAdminSocket, commands), cancellationToken)));
    }

    /// <summary>Waits until every load balancer host's HAProxy reports the controller UP in every backend.</summary>
    public static Task WaitUntilUpAsync(RunContext context, GatheredCluster cluster, GatheredHost controller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(cluster);
        return Waits.UntilAsync($"WaitForLoadBalancerRotation {controller.Name}", context.Options.Timeout, async token =>
        {
            foreach (var lb in cluster.LoadBalancers)
            {
                var servers = HaproxyStats.Parse(await lb.Session.QueryAsync(HaproxyStats.Command(), token));
                if (!servers.Where(s => s.Server == ServerName(controller) && Backends.Contains(s.Backend)).All(s => s.IsUp))
                {
                    return false;
                }
            }
            return true;
        }, cancellationToken);
    }

    private static string ServerName(GatheredHost controller) => controller.Host.Name;
}
