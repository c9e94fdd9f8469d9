using HaCluster.Model;
using HaCluster.Spec;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

public sealed class ClusterModelBuilderTests
{
    private static ClusterModel Build(string yaml, params string[] existingFiles) => Specs.LoadValid(yaml, null, existingFiles).Model!;

    [Fact]
    public void Roles_become_host_roles_in_file_order()
    {
        var model = Build(SpecTexts.HaproxyKeepalived);

        model.Hosts.Select(h => h.Role).Should().Equal(
            HostRole.LoadBalancer, HostRole.LoadBalancer, HostRole.Controller, HostRole.Controller, HostRole.Controller,
            HostRole.Worker, HostRole.Worker);
        model.Hosts.Select(h => h.Index).Should().Equal(0, 1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void The_name_is_the_hostname_else_the_connect_address()
    {
        var model = Build(SpecTexts.HaproxyKeepalived);

        model.Hosts[2].Name.Should().Be("cp-1");
        model.Hosts[5].Name.Should().Be("10.0.0.21");
    }

    [Fact]
    public void The_private_address_is_privateAddress_else_the_ssh_address()
    {
        var model = Build(SpecTexts.HaproxyKeepalived);

        model.Hosts[2].PrivateAddress.Should().Be("192.168.0.11");
        model.Hosts[3].PrivateAddress.Should().Be("10.0.0.12");
    }

    [Fact]
    public void Hosts_sharing_an_address_are_named_apart_by_port()
    {
        const string yaml = """
            apiVersion: hactl.dev/v1beta1
            kind: Cluster
            spec:
              hosts:
                - { role: controller, ssh: { address: 127.0.0.1, port: 9022 }, privateAddress: 10.0.0.11 }
                - { role: worker, ssh: { address: 127.0.0.1, port: 9023 }, privateAddress: 10.0.0.21 }
            """;

        Build(yaml).Hosts.Select(h => h.Name).Should().Equal("127.0.0.1:9022", "127.0.0.1:9023");
    }

    [Fact]
    public void A_single_controller_without_a_loadBalancer_section_has_no_load_balancer()
    {
        var model = Build(SpecTexts.SingleController);

        model.LoadBalancer.Type.Should().Be(LoadBalancerType.None);
        model.ApiAddress.Should().Be("10.0.0.11");
    }

    [Fact]
    public void Haproxy_keepalived_gets_hactl_defaults()
    {
        var lb = Build(SpecTexts.HaproxyKeepalived).LoadBalancer;

        lb.Should().BeEquivalentTo(new
        {
            Type = LoadBalancerType.HaproxyKeepalived,
            VirtualRouterId = 51,
            ApiPort = 6443,
            KonnectivityPort = 8132,
            ControllerJoinPort = 9443,
            ClientAddress = "10.0.0.100",
        });
        lb.VirtualIP!.PrefixLength.Should().Be(24);
    }

    [Fact]
    public void The_vrrp_interface_is_the_load_balancer_interface_before_the_host_one()
    {
        var model = Build(SpecTexts.Cplb.Replace("${VRRP_PASS}", "pass1234", StringComparison.Ordinal));

        model.Controllers.Select(c => c.PrivateInterface).Should().AllBe("eth1");
        model.Workers.Single().PrivateInterface.Should().BeNull("a worker takes no part in VRRP and names no interface");
    }

    [Fact]
    public void Without_a_load_balancer_interface_the_host_one_is_used_else_none()
    {
        var model = Build(SpecTexts.HaproxyKeepalived);

        model.LoadBalancerHosts.Select(h => h.PrivateInterface).Should().Equal("eth0", null);
        model.LoadBalancer.Interface.Should().BeNull();
    }

    [Fact]
    public void An_external_load_balancer_is_the_client_address()
    {
        var yaml = SpecTexts.SingleController + "\n  loadBalancer: { type: external, address: lb.example.com, ports: { api: 443 } }";

        var model = Build(yaml);

        model.LoadBalancer.Type.Should().Be(LoadBalancerType.External);
        model.ApiAddress.Should().Be("lb.example.com");
        model.LoadBalancer.ApiPort.Should().Be(443);
    }

    [Fact]
    public void Data_and_kubelet_dirs_from_fields_or_flags_reach_the_model()
    {
        var yaml = SpecTexts.SingleController + """

                  kubeletRootDir: /data/kubelet
                  installFlags: ["--data-dir=/data/k0s", "--debug"]
            """;

        var host = Build(yaml).Hosts.Single();

        host.DataDir.Should().Be("/data/k0s");
        host.InstallFlags.Should().Equal("--debug", "--kubelet-root-dir=/data/kubelet");
    }

    [Fact]
    public void The_default_data_dir_is_k0s_own() => Build(SpecTexts.SingleController).Hosts.Single().DataDir.Should().Be("/var/lib/k0s");

    [Fact]
    public void Local_paths_resolve_against_home_and_the_config_directory()
    {
        var yaml = SpecTexts.SingleController.Replace("ssh: { address: 10.0.0.11 }",
            "ssh: { address: 10.0.0.11, keyPath: ~/.ssh/id_ed25519, bastion: { address: 10.0.0.2 } }", StringComparison.Ordinal) + """

                  k0sBinaryPath: bin/k0s
            """;

        var host = Build(yaml, "/home/tester/.ssh/id_ed25519", "/work/configs/bin/k0s").Hosts.Single();

        host.Connection.KeyPath.Should().Be("/home/tester/.ssh/id_ed25519");
        host.Connection.Bastion!.Address.Should().Be("10.0.0.2");
        host.K0sBinaryPath.Should().Be("/work/configs/bin/k0s");
    }

    [Fact]
    public void The_k0s_version_and_config_are_carried_over()
    {
        var yaml = SpecTexts.SingleController + "\n  k0s: { version: v1.33.4+k0s.0, config: { spec: { telemetry: { enabled: false } } } }";

        var k0s = Build(yaml).K0s;

        k0s.Version.Should().Be("v1.33.4+k0s.0");
        k0s.Config!["spec"]["telemetry"]["enabled"].ToString().Should().Be("false");
    }

    [Fact]
    public void An_invalid_role_is_refused_rather_than_guessed()
    {
        var spec = new ClusterSpec { ApiVersion = ApiVersions.Hactl, Kind = "Cluster", Hosts = [new HostSpec { Role = "master" }] };

        var build = () => ClusterModelBuilder.Build(spec);

        build.Should().Throw<ArgumentException>().WithMessage("*'master'*");
    }
}
