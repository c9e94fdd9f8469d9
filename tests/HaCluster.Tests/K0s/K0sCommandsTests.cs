using HaCluster.K0s;
using HaCluster.Model;
using HaCluster.Spec;
using HaCluster.Tests.Fakes;

namespace HaCluster.Tests.K0s;

public class K0sCommandsTests
{
    [Fact]
    public void A_joining_controller_gets_its_config_and_token_file()
    {
        K0sCommands.InstallFlags(Host(HostRole.Controller), joining: true)
            .Should().Equal("--config=/etc/k0s/k0s.yaml", "--token-file=/etc/k0s/k0stoken");
    }

    [Fact]
    public void A_controller_worker_without_taints_enables_the_worker_and_pins_the_node_ip()
    {
        K0sCommands.InstallFlags(Host(HostRole.ControllerWorker) with { NoTaints = true }, joining: false)
            .Should().Equal("--config=/etc/k0s/k0s.yaml", "--enable-worker", "--no-taints", "--kubelet-extra-args=--node-ip=10.0.0.11");
    }

    [Fact]
    public void User_install_flags_come_last_split_as_a_shell_would()
    {
        var host = Host(HostRole.Worker) with { InstallFlags = ["--labels=zone=a --debug", "--kubelet-extra-args='--node-ip=10.0.0.11 --v=2'"] };

        K0sCommands.InstallFlags(host, joining: true)
            .Should().Equal("--token-file=/etc/k0s/k0stoken", "--labels=zone=a", "--debug", "--kubelet-extra-args=--node-ip=10.0.0.11 --v=2");
    }

    [Fact]
    public void A_custom_data_dir_is_passed_on()
    {
        K0sCommands.InstallFlags(Host(HostRole.Single) with { DataDir = "/data/k0s" }, joining: false)
            .Should().Equal("--config=/etc/k0s/k0s.yaml", "--data-dir=/data/k0s", "--single", "--kubelet-extra-args=--node-ip=10.0.0.11");
    }

    [Theory]
    [InlineData(30, "30m0s")]
    [InlineData(90, "1h30m0s")]
    public void Token_expiry_is_written_as_go_writes_durations(int minutes, string expected)
    {
        GoDuration.Format(TimeSpan.FromMinutes(minutes)).Should().Be(expected);
    }

    [Fact]
    public void The_token_id_is_read_from_the_gzipped_kubeconfig_inside_the_token()
    {
        const string kubeconfig = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0t
                server: https://10.0.0.100:9443
              name: k0s
            users:
            - name: controller-bootstrap
              user:
                token: ab12cd.0123456789abcdef
            """;

        K0sOutput.JoinTokenId(JoinTokenText.Encode(kubeconfig)).Should().Be("ab12cd");
    }

    [Fact]
    public void Member_list_output_maps_names_to_peer_urls()
    {
        var members = K0sOutput.ParseMemberList("""{"members":{"h2":"https://10.99.1.12:2380","h3":"https://10.99.1.13:2380"}}""" + "\n");

        members.Should().HaveCount(2);
        K0sOutput.PeerHost(members["h3"]).Should().Be("10.99.1.13");
    }

    [Fact]
    public void Status_json_tells_a_running_controller_worker()
    {
        var status = K0sStatus.Parse("""
            {"Version":"v1.33.4+k0s.0","Pid":812,"PPid":1,"Role":"controller","SysInit":"linux-systemd","StubFile":"",
             "Output":"","Workloads":true,"SingleNode":false,"Args":["/usr/local/bin/k0s","controller"],
             "WorkerToAPIConnectionStatus":{"Message":"","Success":true},"ClusterConfig":null,"K0sVars":{"DataDir":"/var/lib/k0s"}}
            """);

        status.IsRunning.Should().BeTrue();
        status.Role.Should().Be("controller");
        status.Workloads.Should().BeTrue();
    }

    private static HostModel Host(HostRole role) => TestClusters.Host(1, role, "h1", "10.0.0.11");
}
