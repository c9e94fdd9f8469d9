using HaCluster.Model;
using HaCluster.Spec;

namespace HaCluster.Rendering;

/// <summary>
/// /etc/haproxy/haproxy.cfg for every load balancer host (haproxy-keepalived): a TCP frontend per controller port,
/// each routed to every controller with health checks. The same file on every LB host.
/// </summary>
internal static class HaproxyConfigRenderer
{
    /// <summary>Backend names, as `show servers state` on the admin socket reports them.</summary>
    public const string ApiBackend = "kube_api_controllers";
    public const string KonnectivityBackend = "konnectivity_controllers";
    public const string JoinApiBackend = "k0s_join_api_controllers";

    public static string Render(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var lb = cluster.LoadBalancer;
        var controllers = cluster.Controllers.ToList();
        var text = new ConfigText().Line(ManagedFiles.Header);

        Global(text);
        Defaults(text);
        // /readyz turns false while an apiserver starts or loses etcd, before its port closes: a better signal than TCP.
        Proxy(text, "kube_api", ApiBackend, lb.ApiPort, controllers,
            ["option httpchk GET /readyz", "http-check expect status 200"], "check check-ssl verify none");
        Proxy(text, "konnectivity", KonnectivityBackend, lb.KonnectivityPort, controllers, [], "check");
        Proxy(text, "k0s_join_api", JoinApiBackend, lb.ControllerJoinPort, controllers, [], "check");
        if (lb.Stats is { } stats)
        {
            Stats(text, stats);
        }

        return text.ToString();
    }

    private static void Global(ConfigText text) => text.Section("global", s => s
        // haproxy runs in the foreground under systemd (-Ws): stdout goes to the journal, so no syslog socket
        // is needed inside the chroot.
        .Line("log stdout format short local0 info")
        .Line("chroot /var/lib/haproxy")
        .Line("user haproxy")
        .Line("group haproxy")
        .Line($"stats socket {ManagedFiles.HaproxyAdminSocket} mode 660 level admin")
        .Line("stats timeout 30s")
        .Line());

    private static void Defaults(ConfigText text) => text.Section("defaults", s => s
        .Line("mode tcp")
        .Line("log global")
        .Line("option tcplog")
        .Line("option dontlognull")
        // Long-lived watches and konnectivity tunnels: spread them by open connections, not by turns.
        .Line("balance leastconn")
        .Line("timeout connect 5s")
        // Inactivity timeouts: a watch stays open 30-60 min (kube-apiserver's --min-request-timeout) with quiet stretches.
        .Line("timeout client 1h")
        .Line("timeout server 1h")
        .Line("timeout tunnel 1h")
        .Line("timeout check 3s")
        // A dead controller leaves rotation after two failed checks one second apart; its sessions are cut so
        // clients reconnect to a live one instead of waiting on a half-open connection.
        .Line("default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions")
        .Line());

    private static void Proxy(ConfigText text, string name, string backend, int port, IReadOnlyList<HostModel> controllers,
        IReadOnlyList<string> checkOptions, string serverCheck)
    {
        // Bound on every address, so the frontend works whether or not this host holds the VIP right now.
        text.Section($"frontend {name}", s => s
            .Line($"bind *:{port}")
            .Line($"default_backend {backend}")
            .Line());
        text.Section($"backend {backend}", s =>
        {
            foreach (var option in checkOptions)
            {
                s.Line(option);
            }

            foreach (var controller in controllers)
            {
                var serverName = ConfigWord.Checked(controller.Name, $"{controller.Path} name");
                var address = ConfigWord.Checked(controller.PrivateAddress, $"{controller.Path}.privateAddress");
                s.Line($"server {serverName} {Endpoint.Format(address, port)} {serverCheck}");
            }

            s.Line();
        });
    }

    // Read-only statistics page: no `stats admin`, so it cannot change server states.
    private static void Stats(ConfigText text, StatsSpec stats) => text.Section("listen stats", s => s
        .Line($"bind {StatsBind(stats)}")
        .Line("mode http")
        .Line("option httplog")
        .Line("stats enable")
        .Line("stats uri /")
        .Line("stats refresh 10s")
        .Line());

    private static string StatsBind(StatsSpec stats) => stats.Bind is { } bind
        ? Endpoint.Format(ConfigWord.Checked(bind, "spec.loadBalancer.stats.bind"), stats.Port)
        : $"*:{stats.Port}";
}
