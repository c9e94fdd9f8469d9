using HaCluster.Tests.Cli;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

/// <summary>Availability problems are warnings: printed, but the config stays valid.</summary>
public sealed class WarningTests
{
    private static string Controllers(int count, bool withLoadBalancer = true)
    {
        var hosts = string.Concat(Enumerable.Range(0, count).Select(i => $"\n    - {{ role: controller, ssh: {{ address: 10.0.0.{11 + i} }} }}"));
        var lb = withLoadBalancer ? "\n  loadBalancer: { type: external, address: lb.example.com }" : "";
        return $"apiVersion: hactl.dev/v1beta1\nkind: Cluster\nspec:\n  hosts:{hosts}{lb}\n";
    }

    [Fact]
    public void Fewer_than_three_controllers_is_a_warning()
    {
        var result = Specs.LoadValid(Controllers(2));

        result.Warnings.Should().ContainSingle().Which.ToString().Should().Be(
            "spec.hosts (line 4:3): 2 controllers: the control plane survives no controller failure; use 3 for high availability");
    }

    [Fact]
    public void An_even_number_of_controllers_is_a_warning()
    {
        var result = Specs.LoadValid(Controllers(4));

        result.Warnings.Should().ContainSingle().Which.Message.Should().StartWith("4 controllers: an even number");
    }

    [Fact]
    public void Three_controllers_behind_a_load_balancer_give_no_warning() =>
        Specs.LoadValid(Controllers(3)).Warnings.Should().BeEmpty();

    [Fact]
    public void Several_controllers_without_a_load_balancer_is_a_warning() =>
        Specs.LoadValid(Controllers(3, withLoadBalancer: false)).Warnings.Should().ContainSingle()
            .Which.Message.Should().StartWith("3 controllers but no load balancer");

    [Fact]
    public void A_virtual_IP_outside_every_VRRP_hosts_network_is_a_warning()
    {
        var yaml = Controllers(3, withLoadBalancer: false) + "  loadBalancer: { type: cplb, virtualIP: 192.168.5.100/24, authPass: pass1234 }\n";

        var result = Specs.LoadValid(yaml);

        result.Warnings.Should().ContainSingle().Which.ToString().Should().StartWith(
            "spec.loadBalancer.virtualIP (line 8:42): no VRRP host (spec.hosts[0], spec.hosts[1], spec.hosts[2]) has a private address in 192.168.5.0/24");
    }

    [Fact]
    public void Environment_and_files_that_apply_does_not_act_on_are_warnings()
    {
        const string yaml = """
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  ssh: { address: 10.0.0.11 }
                  environment: { HTTP_PROXY: "http://proxy:3128" }
                  files: [{ name: motd, data: hello, dst: /etc/motd }]
            """;

        Specs.LoadValid(yaml).Warnings.Select(w => w.Path).Should().Equal("spec.hosts[0].environment", "spec.hosts[0].files");
    }

    [Fact]
    public void A_single_node_cluster_gives_no_warning()
    {
        const string yaml = "apiVersion: hactl.dev/v1beta1\nkind: Cluster\nspec:\n  hosts:\n    - { role: single, ssh: { address: 10.0.0.11 } }\n";

        Specs.LoadValid(yaml).Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Validate_prints_warnings_and_exits_0()
    {
        var result = Hactl.Validate(Controllers(2));

        result.ExitCode.Should().Be(0);
        result.Error.Should().Contain("<stdin>: warning: spec.hosts (line 4:3): 2 controllers");
        result.Out.Should().StartWith("valid: ");
    }
}
