using HaCluster.Status;

namespace HaCluster.Tests.Operations;

public class StatusProblemsTests
{
    [Fact]
    public void A_healthy_cluster_has_no_problem()
    {
        StatusProblems.Find(StatusSamples.Healthy(), StatusSamples.Members).Should().BeEmpty();
    }

    [Fact]
    public void An_unreachable_host_is_one_problem_with_its_reason()
    {
        var status = StatusSamples.Healthy().With(h => h with { Reachable = false, Unreachable = "No route to host", Services = new Dictionary<string, string>() }, "w1");

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal("w1: unreachable (No route to host)");
    }

    [Fact]
    public void A_stopped_controller_reports_its_unit_and_its_api()
    {
        var status = StatusSamples.Healthy().With(h => h with { Services = StatusSamples.Units(("k0scontroller", "inactive")), Api = "failing" }, "c3");

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal(
            "c3: k0scontroller is inactive", "c3: its API server is not ready (/readyz fails)");
    }

    [Fact]
    public void A_load_balancer_without_keepalived_and_a_worker_not_ready_are_problems()
    {
        var status = StatusSamples.Healthy()
            .With(h => h with { Services = StatusSamples.Units(("haproxy", "active")) }, "lb2")
            .With(h => h with { Node = "NotReady" }, "w1");

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal("lb2: keepalived is not installed", "w1: node w1 is NotReady");
    }

    [Fact]
    public void An_unhealthy_member_and_a_missing_one_are_problems()
    {
        var healthy = StatusSamples.Healthy();
        var status = healthy with
        {
            Etcd = healthy.Etcd! with { Members = [healthy.Etcd.Members[0], healthy.Etcd.Members[1] with { Healthy = false, Problem = "no answer" }] },
        };

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal(
            "etcd member c2 (https://10.0.0.12:2380) is unhealthy: no answer",
            "controller https://10.0.0.13:2380 is not an etcd member (apply joins it)");
    }

    [Fact]
    public void A_member_that_is_not_a_controller_of_the_config_is_a_problem()
    {
        StatusProblems.Find(StatusSamples.Healthy(), StatusSamples.Members[..2]).Should().Equal(
            "etcd member c3 (https://10.0.0.13:2380) is not a controller of the config (eject it, or add its host)");
    }

    [Fact]
    public void Etcd_that_nobody_could_read_is_a_problem()
    {
        var status = StatusSamples.Healthy() with { Etcd = null, EtcdUnavailable = "no controller's etcd answers" };

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal("etcd: no controller's etcd answers");
    }

    [Theory]
    [InlineData(new string[0], "the virtual IP 10.0.0.100/24 is held by no host")]
    [InlineData(new[] { "lb1", "lb2" }, "the virtual IP 10.0.0.100/24 is held by several hosts at once: lb1, lb2")]
    public void The_virtual_ip_must_be_held_by_exactly_one_host(string[] holders, string problem)
    {
        var healthy = StatusSamples.Healthy();
        var status = healthy with { LoadBalancer = healthy.LoadBalancer with { VipHolders = holders } };

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal(problem);
    }

    [Fact]
    public void A_backend_server_that_is_not_up_is_a_problem_named_after_the_load_balancer_that_sees_it()
    {
        var healthy = StatusSamples.Healthy();
        var backends = healthy.LoadBalancer.Backends.Select(b => b is { Host: "lb2", Server: "c3" } ? b with { State = "DOWN", Check = "L7STS" } : b).ToList();
        var status = healthy with { LoadBalancer = healthy.LoadBalancer with { Backends = backends } };

        StatusProblems.Find(status, StatusSamples.Members).Should().Equal("lb2: HAProxy backend kube_api_controllers server c3 is DOWN (L7STS)");
    }

    [Fact]
    public void An_ejected_host_still_in_the_config_is_not_counted_as_down()
    {
        var status = StatusSamples.Healthy().With(h => h with { Ejected = true, Services = new Dictionary<string, string>(), Api = null }, "c3");

        StatusProblems.Find(status, StatusSamples.Members[..2]).Should().Equal(
            "etcd member c3 (https://10.0.0.13:2380) is not a controller of the config (eject it, or add its host)");
    }
}
