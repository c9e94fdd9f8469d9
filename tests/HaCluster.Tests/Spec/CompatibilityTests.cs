using HaCluster.Model;
using HaCluster.Spec;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.Spec;

/// <summary>k0sctl's and cfctl's config files are read as their users write them.</summary>
public sealed class CompatibilityTests
{
    private const string K0sctl = """
        apiVersion: k0sctl.k0sproject.io/v1beta1
        kind: cluster
        metadata:
          name: k0s-cluster
          user: admin
        spec:
          hosts:
            - role: controller
              ssh:
                address: 10.0.0.11
                user: ubuntu
                port: 2222
                keyPath: ~/.ssh/id_rsa
                bastion:
                  address: 10.0.0.2
                  user: jump
              privateInterface: eth1
              dataDir: /data/k0s
              installFlags: [--debug]
              hooks:
                apply:
                  before: [date]
                  after: [uptime, df -h]
              files:
                - name: manifests
                  src: /work/configs/manifests
                  dstDir: /var/lib/k0s/manifests/extra
                  perm: "0600"
            - role: worker
              openSSH:
                address: worker-1
                configPath: ~/.ssh/config
                options:
                  StrictHostKeyChecking: false
                  ConnectTimeout: 5
                disableMultiplexing: true
              environment:
                HTTP_PROXY: http://proxy:3128
              kubeletRootDir: /data/kubelet
              os: ubuntu
          k0s:
            version: v1.33.4+k0s.0
            versionChannel: stable
            dynamicConfig: false
            config:
              spec:
                api:
                  externalAddress: lb.example.com
          options:
            wait: { enabled: false }
            drain: { gracePeriod: 1m0s, timeout: 10m }
            concurrency: { limit: 10, workerDisruptionPercent: 20, uploads: 2 }
            evictTaint: { enabled: true, taint: example.com/evict=true, effect: NoSchedule }
        """;

    private static readonly string[] K0sctlFiles = ["/home/tester/.ssh/id_rsa", "/home/tester/.ssh/config"];

    private static SpecLoadResult LoadK0sctl()
    {
        var environment = Specs.Environment(null, K0sctlFiles) with { DirectoryExists = path => path == "/work/configs/manifests" };
        var result = SpecLoader.Load(K0sctl, environment);
        result.Errors.Should().BeEmpty();
        return result;
    }

    [Fact]
    public void A_k0sctl_file_reads_every_host_field()
    {
        var spec = LoadK0sctl().Document!.Spec;

        var controller = spec.Hosts[0];
        controller.Ssh.Should().BeEquivalentTo(new SshSpec
        {
            Address = "10.0.0.11",
            User = "ubuntu",
            Port = 2222,
            KeyPath = "~/.ssh/id_rsa",
            Bastion = new SshSpec { Address = "10.0.0.2", User = "jump" },
        });
        controller.PrivateInterface.Should().Be("eth1");
        controller.DataDir.Should().Be("/data/k0s");
        controller.InstallFlags.Should().Equal("--debug");
        controller.Hooks.Actions["apply"].After.Should().Equal("uptime", "df -h");
        controller.Files.Should().ContainSingle().Which.Perm.Should().Be("0600");
        var worker = spec.Hosts[1];
        worker.OpenSsh!.Options.Should().Contain("ConnectTimeout", "5");
        worker.OpenSsh.DisableMultiplexing.Should().BeTrue();
        worker.Environment.Should().Contain("HTTP_PROXY", "http://proxy:3128");
        worker.Os.Should().Be("ubuntu");
    }

    [Fact]
    public void A_k0sctl_file_reads_k0s_and_options()
    {
        var spec = LoadK0sctl().Document!.Spec;

        spec.Metadata.User.Should().Be("admin");
        spec.K0s.VersionChannel.Should().Be("stable");
        spec.Options.WaitEnabled.Should().BeFalse();
        spec.Options.Drain.Timeout.Should().Be("10m");
        spec.Options.Drain.Force.Should().BeTrue("k0sctl's default stays when not written");
        spec.Options.Concurrency.Should().Be(new ConcurrencyOptionsSpec { Limit = 10, WorkerDisruptionPercent = 20, Uploads = 2 });
        spec.Options.EvictTaint.Effect.Should().Be("NoSchedule");
    }

    [Fact]
    public void A_k0sctl_external_address_becomes_an_external_load_balancer()
    {
        var model = LoadK0sctl().Model!;

        model.LoadBalancer.Type.Should().Be(LoadBalancerType.External);
        model.ApiAddress.Should().Be("lb.example.com");
    }

    [Fact]
    public void A_k0sctl_openssh_host_keeps_its_ssh_config_and_options()
    {
        var connection = LoadK0sctl().Model!.Hosts[1].Connection;

        connection.ConfigPath.Should().Be("/home/tester/.ssh/config");
        connection.Options.Should().Contain("StrictHostKeyChecking", "no").And.Contain("ConnectTimeout", "5");
        connection.Multiplexing.Should().BeFalse();
    }

    [Fact]
    public void A_cfctl_file_with_lower_case_kind_is_read()
    {
        const string cfctl = """
            apiVersion: cfctl.clusterfactory.io/v1beta1
            kind: cluster
            spec:
              hosts:
                - role: single
                  ssh: { address: 10.0.0.11 }
              k0s: { version: 1.33.4+k0s.0 }
            """;

        var result = Specs.LoadValid(cfctl);

        result.Model!.Hosts.Should().ContainSingle().Which.Role.Should().Be(HostRole.Single);
        result.Model.LoadBalancer.Type.Should().Be(LoadBalancerType.None);
    }

    [Fact]
    public void The_model_records_which_block_each_host_is_reached_through()
    {
        var model = LoadK0sctl().Model!;

        model.Hosts.Select(h => h.Connection.Block).Should().Equal(ConnectionBlock.Ssh, ConnectionBlock.OpenSsh);
        model.Hosts[0].Connection.Bastion!.Block.Should().Be(ConnectionBlock.Ssh);
    }

    [Theory]
    [InlineData("1.33.4+k0s.0", "v1.33.4+k0s.0")]
    [InlineData("v1.33.4+k0s.0", "v1.33.4+k0s.0")]
    [InlineData("1.33.4-rc.1+k0s.0", "v1.33.4-rc.1+k0s.0")]
    public void A_k0s_release_written_without_its_v_is_the_release_apply_downloads(string written, string release)
    {
        var yaml = SpecTexts.SingleController + $"\n  k0s: {{ version: {written} }}";

        Specs.LoadValid(yaml).Model!.K0s.Version.Should().Be(release);
    }

    [Theory]
    [InlineData("localhost: true")]
    [InlineData("localhost: { enabled: true }")]
    public void Localhost_is_accepted_in_both_k0sctl_spellings(string localhost)
    {
        var yaml = $"""
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  {localhost}
            """;

        var host = Specs.LoadValid(yaml).Model!.Hosts.Single();

        host.Connection.IsLocalhost.Should().BeTrue();
        host.Connection.Block.Should().Be(ConnectionBlock.Localhost);
        host.Connection.Address.Should().Be("127.0.0.1");
    }

    [Fact]
    public void Yaml_merge_keys_are_honoured_as_in_k0sctl()
    {
        const string yaml = """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller
                  ssh: &ssh { address: 10.0.0.11, user: admin, port: 2222 }
                - role: worker
                  ssh:
                    <<: *ssh
                    address: 10.0.0.21
            """;

        var worker = Specs.LoadValid(yaml).Document!.Spec.Hosts[1];

        worker.Ssh.Should().BeEquivalentTo(new SshSpec { Address = "10.0.0.21", User = "admin", Port = 2222 });
    }

    [Fact]
    public void Enable_worker_install_flag_makes_a_controller_worker_with_a_warning()
    {
        var yaml = SpecTexts.SingleController + """

                  installFlags: ["--enable-worker", "--no-taints"]
            """;

        var result = Specs.LoadValid(yaml);

        var host = result.Model!.Hosts.Single();
        host.Role.Should().Be(HostRole.ControllerWorker);
        host.NoTaints.Should().BeTrue();
        result.Warnings.Should().Contain(w => w.ToString() ==
            "spec.hosts[0].installFlags[0] (line 7:22): --enable-worker makes this host role controller+worker, as in k0sctl; write role: controller+worker");
    }

    [Fact]
    public void K0sctl_fields_hactl_does_not_act_on_give_warnings()
    {
        var yaml = SpecTexts.SingleController + """

                  reset: true
                  k0sDownloadURL: https://example.com/k0s
            """;

        var result = Specs.LoadValid(yaml);

        result.Warnings.Select(w => w.Path).Should().Contain(["spec.hosts[0].reset", "spec.hosts[0].k0sDownloadURL"]);
    }

    [Fact]
    public void Cplb_written_in_a_k0sctl_k0s_config_becomes_the_cplb_model()
    {
        const string yaml = """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - { role: controller, ssh: { address: 10.0.0.11 } }
                - { role: controller, ssh: { address: 10.0.0.12 } }
                - { role: controller, ssh: { address: 10.0.0.13 } }
              k0s:
                config:
                  spec:
                    network:
                      controlPlaneLoadBalancing:
                        enabled: true
                        type: Keepalived
                        keepalived:
                          vrrpInstances:
                            - virtualIPs: [10.0.0.100/24]
                              authPass: pass1234
                              virtualRouterID: 60
            """;

        var lb = Specs.LoadValid(yaml).Model!.LoadBalancer;

        lb.Type.Should().Be(LoadBalancerType.Cplb);
        lb.VirtualIP!.ToString().Should().Be("10.0.0.100/24");
        lb.VirtualRouterId.Should().Be(60);
        lb.AuthPass.Should().Be("pass1234");
    }
}
