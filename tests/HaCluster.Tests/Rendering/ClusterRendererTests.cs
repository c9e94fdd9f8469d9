using HaCluster.Model;
using HaCluster.Rendering;
using static HaCluster.Tests.Fakes.TestClusters;

namespace HaCluster.Tests.Rendering;

public sealed class ClusterRendererTests
{
    [Fact]
    public void Load_balancer_hosts_get_haproxy_and_keepalived_files_and_controllers_get_k0s_yaml_in_host_then_path_order()
    {
        var files = ClusterRenderer.RenderAll(Cluster(HaproxyKeepalived(), lbHosts: 2, controllers: 2, workers: 1));

        files.Select(f => $"{f.Host.Name} {f.Path} {f.Mode}").Should().Equal(
            "lb-1 /etc/haproxy/haproxy.cfg 0644",
            "lb-1 /etc/keepalived/check_apiserver.sh 0755",
            "lb-1 /etc/keepalived/keepalived.conf 0600",
            "lb-2 /etc/haproxy/haproxy.cfg 0644",
            "lb-2 /etc/keepalived/check_apiserver.sh 0755",
            "lb-2 /etc/keepalived/keepalived.conf 0600",
            "controller-1 /etc/k0s/k0s.yaml 0600",
            "controller-2 /etc/k0s/k0s.yaml 0600");
    }

    [Theory]
    [InlineData(LoadBalancerType.Cplb)]
    [InlineData(LoadBalancerType.External)]
    [InlineData(LoadBalancerType.None)]
    public void Without_haproxy_keepalived_only_controllers_get_files(LoadBalancerType type)
    {
        var lb = type switch
        {
            LoadBalancerType.Cplb => Cplb(),
            LoadBalancerType.External => External(),
            _ => NoLoadBalancer,
        };

        var files = ClusterRenderer.RenderAll(Cluster(lb, controllers: 3, workers: 2));

        files.Select(f => $"{f.Host.Name} {f.Path}").Should().Equal(
            "controller-1 /etc/k0s/k0s.yaml", "controller-2 /etc/k0s/k0s.yaml", "controller-3 /etc/k0s/k0s.yaml");
    }

    [Fact]
    public void Workers_get_no_files()
    {
        var files = ClusterRenderer.RenderAll(Cluster(HaproxyKeepalived(), lbHosts: 1, controllers: 1, workers: 3));

        files.Should().NotContain(f => f.Host.Role == HostRole.Worker);
    }

    [Fact]
    public void Controller_workers_get_k0s_yaml()
    {
        var files = ClusterRenderer.RenderAll(Cluster(NoLoadBalancer, controllers: 2, controllerRole: HostRole.ControllerWorker));

        files.Select(f => f.Host.Name).Should().Equal("controller-1", "controller-2");
    }

    [Fact]
    public void The_vrrp_auth_pass_appears_only_in_keepalived_conf()
    {
        var files = ClusterRenderer.RenderAll(Cluster(HaproxyKeepalived(), lbHosts: 2, controllers: 3));

        files.Where(f => f.Content.Contains(AuthPass)).Select(f => f.Path).Distinct()
            .Should().Equal(ManagedFiles.KeepalivedConfig.Path);
    }

    [Fact]
    public void With_cplb_the_auth_pass_appears_only_in_k0s_yaml()
    {
        var files = ClusterRenderer.RenderAll(Cluster(Cplb(), controllers: 3));

        files.Where(f => f.Content.Contains(AuthPass)).Select(f => f.Path).Distinct()
            .Should().Equal(ManagedFiles.K0sConfig.Path);
    }

    [Fact]
    public void Files_holding_the_auth_pass_are_readable_by_root_only()
    {
        ManagedFiles.KeepalivedConfig.Mode.Should().Be("0600");
        ManagedFiles.K0sConfig.Mode.Should().Be("0600");
    }

    [Fact]
    public void Every_file_ends_with_one_newline_and_has_no_carriage_returns()
    {
        foreach (var cluster in Topologies.All.Values)
        {
            foreach (var file in ClusterRenderer.RenderAll(cluster))
            {
                file.Content.Should().EndWith("\n").And.NotEndWith("\n\n").And.NotContain("\r", file.Path);
            }
        }
    }
}
