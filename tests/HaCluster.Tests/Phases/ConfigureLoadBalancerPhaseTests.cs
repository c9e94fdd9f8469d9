using System.Text;
using HaCluster.Phases;
using HaCluster.Pipeline;
using HaCluster.Rendering;
using HaCluster.State;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Phases;

/// <summary>HAProxy + keepalived on lb1: only what is missing or changed is done, and the VIP is verified after.</summary>
public class ConfigureLoadBalancerPhaseTests
{
    private const string VipHeld = "2: eth1    inet 10.0.0.100/24 scope global secondary eth1\n";

    [Fact]
    public async Task Missing_packages_are_installed_with_the_package_manager_of_the_hosts_os()
    {
        var (run, cluster) = Given(configured: false);

        await new ConfigureLoadBalancerPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["lb1"].Commands.First().Should().Be("apt-get install haproxy keepalived socat");
    }

    [Fact]
    public async Task A_load_balancer_that_matches_its_files_is_not_changed_but_its_vip_is_still_verified()
    {
        var (run, cluster) = Given(configured: true);

        await new ConfigureLoadBalancerPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["lb1"].Commands.Should().Equal("ip -o -4 addr show", "timeout 5 bash -c 'exec 3<>\"/dev/tcp/$1/$2\"' hactl 10.0.0.100 6443");
        run.Context.Plan.Count.Should().Be(0);
    }

    [Fact]
    public async Task A_changed_haproxy_config_reloads_haproxy_and_leaves_keepalived_alone()
    {
        var (run, cluster) = Given(configured: true, staleHaproxy: true);

        await new ConfigureLoadBalancerPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run["lb1"].Commands.Should().Contain("systemctl reload haproxy.service").And.NotContain(c => c.Contains("keepalived.service", StringComparison.Ordinal));
        run.Context.Plan.ByHost(["lb1"]).Single().Select(c => c.Action)
            .Should().Equal($"write {ManagedFiles.HaproxyConfig.Path}", "reload haproxy");
    }

    [Fact]
    public async Task Under_dry_run_no_write_handle_is_created_the_plan_lists_the_changes_and_no_vip_is_waited_for()
    {
        var (run, cluster) = Given(configured: false, dryRun: true);

        await new ConfigureLoadBalancerPhase().RunAsync(run.Context, cluster, CancellationToken.None);

        run.Journal.Should().BeEmpty();
        run.Context.Plan.ByHost(["lb1"]).Single().Select(c => c.Action).Should().StartWith("install haproxy keepalived socat")
            .And.Contain("enable and start haproxy").And.Contain("enable and start keepalived");
    }

    private static (FakeRun, RenderedCluster) Given(bool configured, bool staleHaproxy = false, bool dryRun = false)
    {
        var model = TestClusters.Cluster(TestClusters.HaproxyKeepalived(), lbHosts: 1, controllers: 1, shortNames: true, privateInterface: "eth1");
        var run = new FakeRun(model, new RunOptions { DryRun = dryRun, Timeout = TimeSpan.FromSeconds(5) });
        var files = ClusterRenderer.RenderAll(model);
        run["lb1"].On("ip -o -4 addr show", VipHeld).On("timeout 5 bash", "").On("", "");
        var gathered = run.Gathered(s => configured
            ? FakeRun.Facts(s.Name) with
            {
                Programs = new HashSet<string>(["haproxy", "keepalived", "socat", "curl"]),
                NonlocalBind = true,
                ServiceStates = new Dictionary<string, string> { ["haproxy"] = "active", ["keepalived"] = "active" },
                FileHashes = files.Where(f => f.Host.Name == s.Name).ToDictionary(f => f.Path,
                    f => HostFiles.Sha256(Encoding.UTF8.GetBytes(staleHaproxy && f.Path == ManagedFiles.HaproxyConfig.Path ? "old" : f.Content))),
            }
            : FakeRun.Facts(s.Name));
        return (run, new RenderedCluster(gathered, gathered.Before, files));
    }
}
