using HaCluster.Cli.Commands;
using HaCluster.Status;

namespace HaCluster.Tests.Operations;

public class StatusReportTests
{
    [Fact]
    public void Table_columns_are_as_wide_as_their_widest_cell_and_empty_cells_show_a_dash()
    {
        var table = new TextTable("HOST", "ROLE", "READY").Row("lb1", "loadbalancer", null).Row("controller-1", "controller", "api ok");

        table.ToString().Should().Be("""
            HOST          ROLE          READY
            lb1           loadbalancer  -
            controller-1  controller    api ok

            """);
    }

    [Fact]
    public void A_healthy_report_says_so_first_and_names_the_vip_holder()
    {
        var report = StatusReport.Render(StatusSamples.Healthy());

        report.Should().StartWith("Cluster ops: healthy.\n")
            .And.Contain("LOAD BALANCER: haproxy-keepalived, virtual IP 10.0.0.100/24 held by lb1")
            .And.NotContain("PROBLEMS");
    }

    [Fact]
    public void Hosts_show_their_services_and_readiness()
    {
        var report = StatusReport.Render(StatusSamples.Healthy());

        report.Split('\n').Should().Contain(line => line.StartsWith("c1 ") && line.Contains("k0scontroller active") && line.EndsWith("api ok"))
            .And.Contain(line => line.StartsWith("w1 ") && line.EndsWith("node Ready"));
    }

    [Fact]
    public void Etcd_members_show_health_and_the_leader()
    {
        var report = StatusReport.Render(StatusSamples.Healthy());

        report.Should().Contain("ETCD (asked on c1)");
        report.Split('\n').Should().Contain(line => line.StartsWith("c1 ") && line.Contains("healthy") && line.Contains("leader"));
    }

    [Fact]
    public void A_degraded_report_counts_and_lists_its_problems()
    {
        var status = StatusSamples.Healthy() with { Problems = ["c3: k0scontroller is inactive", "etcd member c3 is unhealthy"] };

        var report = StatusReport.Render(status);

        report.Should().StartWith("Cluster ops: degraded, 2 problems.\n")
            .And.EndWith("PROBLEMS\n  - c3: k0scontroller is inactive\n  - etcd member c3 is unhealthy\n");
    }

    [Fact]
    public void Without_a_reachable_controller_the_report_says_the_state_is_unknown()
    {
        var healthy = StatusSamples.Healthy();
        var status = healthy with { Hosts = [.. healthy.Hosts.Select(h => h with { Reachable = false })] };

        StatusReport.Render(status).Should().StartWith("Cluster ops: unknown, no controller could be reached.");
        status.Conclusive.Should().BeFalse();
    }
}
