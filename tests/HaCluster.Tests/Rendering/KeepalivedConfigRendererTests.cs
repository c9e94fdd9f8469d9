using HaCluster.Model;
using HaCluster.Rendering;
using static HaCluster.Tests.Fakes.TestClusters;

namespace HaCluster.Tests.Rendering;

public sealed class KeepalivedConfigRendererTests
{
    private static string[] Lines(string text) => text.Split('\n').Select(l => l.Trim()).ToArray();

    private static string RenderFor(ClusterModel cluster, string host) =>
        KeepalivedConfigRenderer.Render(cluster, cluster.Hosts.Single(h => h.Name == host));

    [Fact]
    public void Priorities_fall_by_ten_in_load_balancer_host_order()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 3);

        var priorities = cluster.LoadBalancerHosts.Select(h => Lines(KeepalivedConfigRenderer.Render(cluster, h))
            .Single(l => l.StartsWith("priority ")));

        priorities.Should().Equal("priority 150", "priority 140", "priority 130");
    }

    [Fact]
    public void Every_host_starts_as_backup_and_preemption_stays_on()
    {
        var instance = Block(RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 2), "lb-1"), "vrrp_instance hactl_api_vip");

        instance.Should().Contain("state BACKUP").And.NotContain(l => l.StartsWith("nopreempt") || l.StartsWith("preempt_delay"));
    }

    [Fact]
    public void Api_check_weight_outweighs_the_priority_spread_and_the_haproxy_check_faults_the_host()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 3), "lb-1");

        Block(text, "vrrp_script hactl_apiserver").Should().Contain("weight -100");
        Block(text, "vrrp_script hactl_haproxy").Should().Contain("script \"/usr/bin/killall -0 haproxy\"")
            .And.NotContain(l => l.StartsWith("weight"));
        Block(text, "track_script").Should().Equal("hactl_haproxy", "hactl_apiserver");
    }

    [Fact]
    public void Api_check_runs_the_managed_check_script()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 1), "lb-1");

        Block(text, "vrrp_script hactl_apiserver").Should().Contain("script \"/etc/keepalived/check_apiserver.sh\"");
    }

    [Fact]
    public void Scripts_run_as_root_with_script_security()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 1), "lb-1");

        Block(text, "global_defs").Should().Equal("router_id lb-1", "enable_script_security", "script_user root");
    }

    [Fact]
    public void Interface_is_the_load_balancer_interface_first()
    {
        var lines = Lines(RenderFor(Cluster(HaproxyKeepalived(iface: "ens4"), lbHosts: 1, privateInterface: "eth1"), "lb-1"));

        lines.Should().Contain("interface ens4").And.Contain("10.0.0.100/24 dev ens4");
    }

    [Fact]
    public void Interface_is_the_hosts_private_interface_without_a_load_balancer_interface()
    {
        var lines = Lines(RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 1, privateInterface: "eth1"), "lb-1"));

        lines.Should().Contain("interface eth1").And.Contain("10.0.0.100/24 dev eth1");
    }

    [Fact]
    public void Interface_is_eth0_when_nothing_names_one()
    {
        var lines = Lines(RenderFor(Cluster(HaproxyKeepalived(), lbHosts: 1), "lb-1"));

        lines.Should().Contain("interface eth0").And.Contain("10.0.0.100/24 dev eth0");
    }

    [Fact]
    public void Instance_carries_the_router_id_advert_interval_and_auth_pass()
    {
        var lb = HaproxyKeepalived() with { VirtualRouterId = 77 };

        var lines = Lines(RenderFor(Cluster(lb, lbHosts: 1), "lb-1"));

        lines.Should().Contain(["virtual_router_id 77", "advert_int 1", "auth_type PASS", $"auth_pass {AuthPass}"]);
    }

    [Fact]
    public void Unicast_names_this_host_as_source_and_every_other_load_balancer_host_as_peer()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(unicast: true), lbHosts: 3), "lb-2");

        Lines(text).Should().Contain("unicast_src_ip 10.0.0.6");
        Block(text, "unicast_peer").Should().Equal("10.0.0.5", "10.0.0.7");
    }

    [Fact]
    public void Multicast_writes_no_unicast_lines()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(unicast: false), lbHosts: 3), "lb-2");

        text.Should().NotContain("unicast");
    }

    [Fact]
    public void A_lone_load_balancer_host_stays_on_multicast_when_unicast_is_asked()
    {
        var text = RenderFor(Cluster(HaproxyKeepalived(unicast: true), lbHosts: 1), "lb-1");

        text.Should().NotContain("unicast");
    }

    [Fact]
    public void An_auth_pass_keepalived_cannot_read_is_refused_without_repeating_it()
    {
        var cluster = Cluster(HaproxyKeepalived() with { AuthPass = "pa ss#1" }, lbHosts: 1);

        var render = () => RenderFor(cluster, "lb-1");

        render.Should().Throw<ArgumentException>()
            .Where(e => e.Message.StartsWith("spec.loadBalancer.authPass") && !e.Message.Contains("pa ss#1"));
    }

    [Fact]
    public void A_host_that_is_not_a_load_balancer_is_refused()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1);

        var render = () => RenderFor(cluster, "controller-1");

        render.Should().Throw<ArgumentException>().WithMessage("spec.hosts[1] is not a load balancer host*");
    }

    [Fact]
    public void Check_script_probes_readyz_through_the_local_proxy_on_the_api_port()
    {
        var cluster = Cluster(HaproxyKeepalived() with { ApiPort = 16443 }, lbHosts: 1);

        var script = KeepalivedConfigRenderer.RenderCheckScript(cluster);

        script.Should().StartWith("#!/bin/sh\n")
            .And.EndWith("exec curl --silent --fail --insecure --max-time 2 --output /dev/null 'https://127.0.0.1:16443/readyz'\n");
    }

    /// <summary>The trimmed lines inside the first `header {` … `}` block (nested blocks' lines included).</summary>
    private static string[] Block(string text, string header)
    {
        var lines = Lines(text).SkipWhile(l => l != header + " {").Skip(1);
        var depth = 0;
        return lines.TakeWhile(l => (depth += l.EndsWith('{') ? 1 : l == "}" ? -1 : 0) >= 0).ToArray();
    }
}
