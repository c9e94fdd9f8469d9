using HaCluster.Model;

namespace HaCluster.Rendering;

/// <summary>
/// /etc/keepalived/keepalived.conf and its API check script for a load balancer host (haproxy-keepalived).
/// Every LB host runs one VRRP instance holding the VIP; the host with the highest effective priority holds it.
/// </summary>
/// <remarks>
/// Preemption is on (keepalived's default; no <c>nopreempt</c>): the API check lowers a host's priority instead of
/// faulting it, and only preemption lets a healthier peer take the VIP from a master whose priority dropped. The
/// price is one more, short move when the preferred host recovers. See docs/load-balancer.md.
/// </remarks>
internal static class KeepalivedConfigRenderer
{
    public const string InstanceName = "hactl_api_vip";
    /// <summary>Used when neither loadBalancer.interface nor the host's privateInterface is known.</summary>
    public const string DefaultInterface = "eth0";

    private const string HaproxyCheck = "hactl_haproxy";
    private const string ApiCheck = "hactl_apiserver";
    private const int TopPriority = 150;
    private const int PriorityStep = 10;
    // Larger than the spread of the first ten hosts' priorities (150..60): a host failing the API check ranks
    // below every healthy one, while hosts that all fail (no controller up yet) keep their order and one holds the VIP.
    private const int ApiCheckWeight = -100;

    public static string Render(ClusterModel cluster, HostModel lbHost) =>
        Render(cluster, lbHost, ManagedFiles.KeepalivedCheckScript.Path);

    /// <summary>As <see cref="Render(ClusterModel, HostModel)"/> with the check script elsewhere (tests check a copy).</summary>
    public static string Render(ClusterModel cluster, HostModel lbHost, string checkScriptPath)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(lbHost);
        var lb = cluster.LoadBalancer;
        var vip = lb.VirtualIP ?? throw new ArgumentException("spec.loadBalancer.virtualIP is required for haproxy-keepalived", nameof(cluster));
        var authPass = lb.AuthPass ?? throw new ArgumentException("spec.loadBalancer.authPass is required for haproxy-keepalived", nameof(cluster));
        var peers = cluster.LoadBalancerHosts.Where(h => h.Index != lbHost.Index).ToList();
        var iface = ConfigWord.Checked(Interface(lb, lbHost), $"network interface of {lbHost.Path}");

        return new ConfigText()
            .Line(ManagedFiles.Header)
            .Block("global_defs", b => b
                .Line($"router_id {ConfigWord.Checked(lbHost.Name, $"{lbHost.Path} name")}")
                // Scripts run as root, and keepalived refuses any script a non-root user could modify.
                .Line("enable_script_security")
                .Line("script_user root"))
            .Line()
            // No weight: a host without a running HAProxy goes to FAULT and gives the VIP up at once.
            .Block($"vrrp_script {HaproxyCheck}", b => b
                .Line("script \"/usr/bin/killall -0 haproxy\"")
                .Line("interval 1")
                .Line("fall 2")
                .Line("rise 2")
                // A freshly started host must prove its proxy before it may claim the VIP.
                .Line("init_fail"))
            .Line()
            .Block($"vrrp_script {ApiCheck}", b => b
                .Line($"script \"{ConfigWord.Checked(checkScriptPath, "check script path")}\"")
                .Line("interval 2")
                .Line("timeout 3")
                .Line("fall 2")
                .Line("rise 2")
                .Line($"weight {ApiCheckWeight}")
                .Line("init_fail"))
            .Line()
            // Said in the file too, for whoever reads it on the host.
            .Line("# Preemption stays on (no nopreempt): the API check lowers priority, and only preemption lets a")
            .Line("# healthier peer take the VIP from this host. Priorities follow the order of the LB hosts.")
            .Block($"vrrp_instance {InstanceName}", b =>
            {
                // BACKUP everywhere: the priorities alone elect the holder.
                b.Line("state BACKUP")
                    .Line($"interface {iface}")
                    .Line($"virtual_router_id {lb.VirtualRouterId}")
                    .Line($"priority {Priority(cluster, lbHost)}")
                    .Line("advert_int 1")
                    .Block("authentication", a => a
                        .Line("auth_type PASS")
                        .Line($"auth_pass {ConfigWord.CheckedSecret(authPass, "spec.loadBalancer.authPass")}"));
                // keepalived rejects unicast without peers, so a lone LB host keeps the multicast default.
                if (lb.Unicast && peers.Count > 0)
                {
                    b.Line($"unicast_src_ip {ConfigWord.Checked(lbHost.PrivateAddress, $"{lbHost.Path}.privateAddress")}")
                        .Block("unicast_peer", p => peers.ForEach(peer =>
                            p.Line(ConfigWord.Checked(peer.PrivateAddress, $"{peer.Path}.privateAddress"))));
                }

                b.Block("virtual_ipaddress", v => v.Line($"{vip} dev {iface}"))
                    .Block("track_script", t => t.Line(HaproxyCheck).Line(ApiCheck));
            })
            .ToString();
    }

    /// <summary>
    /// The API check keepalived runs: exit 0 when the Kubernetes API answers /readyz through this host's own HAProxy.
    /// </summary>
    public static string RenderCheckScript(ClusterModel cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var url = $"https://127.0.0.1:{cluster.LoadBalancer.ApiPort}/readyz";
        return new ConfigText()
            .Line("#!/bin/sh")
            .Line(ManagedFiles.Header)
            .Line("# keepalived runs this to decide whether this host should hold the API's virtual IP:")
            .Line("# it succeeds when the Kubernetes API answers /readyz through the HAProxy on this host.")
            .Line("# --insecure: a probe of the path through the proxy, not a trust decision (LB hosts hold no cluster CA).")
            .Line($"exec curl --silent --fail --insecure --max-time 2 --output /dev/null '{url}'")
            .ToString();
    }

    /// <summary>150, 140, 130 … by position among the LB hosts in spec order (at least 1).</summary>
    public static int Priority(ClusterModel cluster, HostModel lbHost)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(lbHost);
        var position = cluster.LoadBalancerHosts.Select(h => h.Index).ToList().IndexOf(lbHost.Index);
        if (position < 0)
        {
            throw new ArgumentException($"{lbHost.Path} is not a load balancer host", nameof(lbHost));
        }

        return Math.Max(TopPriority - (PriorityStep * position), 1);
    }

    /// <summary>loadBalancer.interface, else the host's private interface, else eth0.</summary>
    public static string Interface(LoadBalancerModel lb, HostModel host)
    {
        ArgumentNullException.ThrowIfNull(lb);
        ArgumentNullException.ThrowIfNull(host);
        return lb.Interface ?? host.PrivateInterface ?? DefaultInterface;
    }
}
