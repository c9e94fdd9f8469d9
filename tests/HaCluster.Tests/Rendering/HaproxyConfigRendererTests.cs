using HaCluster.Model;
using HaCluster.Rendering;
using HaCluster.Spec;
using static HaCluster.Tests.Fakes.TestClusters;

namespace HaCluster.Tests.Rendering;

public sealed class HaproxyConfigRendererTests
{
    private static string[] Lines(string text) => text.Split('\n').Select(l => l.Trim()).ToArray();

    [Fact]
    public void Every_backend_lists_every_controller_by_name_and_private_address_on_its_port()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 2, controllers: 3, workers: 2);

        var lines = Lines(HaproxyConfigRenderer.Render(cluster));

        foreach (var port in new[] { 6443, 8132, 9443 })
        {
            lines.Should().Contain(l => l.StartsWith($"server controller-1 10.0.0.11:{port} "))
                .And.Contain(l => l.StartsWith($"server controller-2 10.0.0.12:{port} "))
                .And.Contain(l => l.StartsWith($"server controller-3 10.0.0.13:{port} "));
        }

        lines.Count(l => l.StartsWith("server ")).Should().Be(9, "workers and LB hosts are not backends");
    }

    [Fact]
    public void Frontends_bind_every_address_on_the_ports_of_the_model()
    {
        var lb = HaproxyKeepalived() with { ApiPort = 16443, KonnectivityPort = 18132, ControllerJoinPort = 19443 };

        var lines = Lines(HaproxyConfigRenderer.Render(Cluster(lb, lbHosts: 1)));

        lines.Where(l => l.StartsWith("bind ")).Should().Equal("bind *:16443", "bind *:18132", "bind *:19443");
        lines.Should().Contain("server controller-1 10.0.0.11:16443 check check-ssl verify none");
    }

    [Fact]
    public void Api_backend_checks_readyz_over_tls_and_the_others_check_tcp()
    {
        var text = HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1));

        Section(text, $"backend {HaproxyConfigRenderer.ApiBackend}").Should().Equal(
            "option httpchk GET /readyz",
            "http-check expect status 200",
            "server controller-1 10.0.0.11:6443 check check-ssl verify none");
        Section(text, $"backend {HaproxyConfigRenderer.KonnectivityBackend}").Should().Equal("server controller-1 10.0.0.11:8132 check");
        Section(text, $"backend {HaproxyConfigRenderer.JoinApiBackend}").Should().Equal("server controller-1 10.0.0.11:9443 check");
    }

    [Fact]
    public void Defaults_fail_over_fast_and_keep_long_api_watches_open()
    {
        var defaults = Section(HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(), lbHosts: 1)), "defaults");

        defaults.Should().Contain([
            "mode tcp",
            "timeout connect 5s",
            "timeout client 1h",
            "timeout server 1h",
            "timeout tunnel 1h",
            "default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions",
        ]);
    }

    [Fact]
    public void Global_opens_the_admin_socket_that_status_reads()
    {
        var global = Section(HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(), lbHosts: 1)), "global");

        global.Should().Contain("stats socket /run/haproxy/admin.sock mode 660 level admin");
    }

    [Fact]
    public void No_stats_listener_without_stats()
    {
        var text = HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(stats: null), lbHosts: 1));

        text.Should().NotContain("listen stats");
    }

    [Fact]
    public void Stats_listener_binds_every_address_when_no_bind_is_given()
    {
        var text = HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(stats: new StatsSpec { Port = 9000 }), lbHosts: 1));

        Section(text, "listen stats").Should().StartWith(["bind *:9000", "mode http"]).And.NotContain("stats admin");
    }

    [Fact]
    public void Stats_listener_binds_the_given_address()
    {
        var text = HaproxyConfigRenderer.Render(Cluster(HaproxyKeepalived(stats: new StatsSpec { Port = 8404, Bind = "::1" }), lbHosts: 1));

        Section(text, "listen stats").Should().StartWith("bind [::1]:8404");
    }

    [Fact]
    public void Ipv6_controller_addresses_are_bracketed()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1);
        cluster = cluster with { Hosts = [cluster.Hosts[0], cluster.Hosts[1] with { PrivateAddress = "fd00::11" }] };

        var lines = Lines(HaproxyConfigRenderer.Render(cluster));

        lines.Should().Contain("server controller-1 [fd00::11]:8132 check");
    }

    [Fact]
    public void A_controller_name_that_would_break_the_config_is_refused_naming_the_host()
    {
        var cluster = Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1);
        cluster = cluster with { Hosts = [cluster.Hosts[0], cluster.Hosts[1] with { Name = "bad name" }] };

        var render = () => HaproxyConfigRenderer.Render(cluster);

        render.Should().Throw<ArgumentException>().WithMessage("spec.hosts[1] name 'bad name' cannot be written*");
    }

    /// <summary>The trimmed lines under a section header, up to the blank line that ends it.</summary>
    private static string[] Section(string text, string header) =>
        Lines(text).SkipWhile(l => l != header).Skip(1).TakeWhile(l => l.Length > 0).ToArray();
}
