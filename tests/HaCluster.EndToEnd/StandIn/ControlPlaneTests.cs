using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

[Collection(SharedStandInCluster.Name)]
public sealed class ControlPlaneTests(StandInCluster cluster)
{
    [Fact]
    public async Task Three_controllers_form_a_three_member_etcd_cluster_through_tokens()
    {
        var result = await cluster.First.K0sWithin(TimeSpan.FromSeconds(10), "etcd", "member-list");

        var members = cluster.Controllers.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => $"\"{c.Name}\":\"https://{c.Address}:2380\"");
        result.ExitCode.Should().Be(0);
        result.StdOut.Should().Be("{\"members\":{" + string.Join(',', members) + "}}\n");
    }

    [Fact]
    public async Task Every_controller_sees_the_same_membership()
    {
        var lists = await Task.WhenAll(cluster.Controllers.Select(c => c.K0sWithin(TimeSpan.FromSeconds(30), "etcd", "member-list")));

        lists.Should().OnlyContain(l => l.Succeeded, string.Join('\n', lists.Select(l => l.ToString())));
        lists.Select(l => l.StdOut).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task Every_controller_answers_ok_on_readyz()
    {
        foreach (var controller in cluster.Controllers)
        {
            var result = await controller.K0sAsync("kubectl", "get", "--raw=/readyz");

            result.ExitCode.Should().Be(0, controller.Name);
            result.StdOut.Should().Be("ok", controller.Name);
        }
    }

    [Fact]
    public async Task Readyz_verbose_lists_the_etcd_checks()
    {
        var result = await cluster.First.K0sAsync("kubectl", "get", "--raw=/readyz?verbose=true");

        result.StdOut.Should().Contain("[+]etcd ok\n").And.Contain("[+]etcd-readiness ok\n").And.EndWith("readyz check passed\n");
    }

    [Fact]
    public async Task The_API_version_is_the_Kubernetes_release_of_k0s()
    {
        var result = await cluster.First.K0sAsync("kubectl", "get", "--raw=/version");

        var version = JsonNode.Parse(result.StdOut)!;
        version["gitVersion"]!.GetValue<string>().Should().Be("v1.33.4+k0s");
        version["major"]!.GetValue<string>().Should().Be("1");
        version["minor"]!.GetValue<string>().Should().Be("33");
    }

    [Fact]
    public async Task Every_controller_has_the_etcd_database_that_marks_it_joined()
    {
        foreach (var controller in cluster.Controllers)
        {
            (await controller.ExistsAsync("/var/lib/k0s/etcd/member/snap/db")).Should().BeTrue(controller.Name);
        }
    }

    [Fact]
    public async Task Every_controller_has_the_contract_pki_files()
    {
        string[] files =
        [
            "ca.crt", "ca.key", "admin.conf", "apiserver-etcd-client.crt", "apiserver-etcd-client.key",
            "etcd/ca.crt", "etcd/ca.key", "etcd/server.crt", "etcd/server.key", "etcd/peer.crt", "etcd/peer.key",
        ];
        foreach (var controller in cluster.Controllers)
        {
            var missing = await controller.ExecAsync(["sh", "-c", "for f; do test -e \"/var/lib/k0s/pki/$f\" || echo \"$f\"; done", "sh", .. files]);

            missing.StdOut.Should().BeEmpty(controller.Name);
        }
    }

    [Fact]
    public async Task Joined_controllers_share_the_first_controllers_CA()
    {
        var ca = await cluster.First.ReadFileAsync("/var/lib/k0s/pki/ca.crt");

        foreach (var controller in cluster.Controllers.Skip(1))
        {
            (await controller.ReadFileAsync("/var/lib/k0s/pki/ca.crt")).Should().Be(ca, controller.Name);
        }
    }

    [Fact]
    public async Task The_join_API_answers_404_on_its_root()
    {
        var result = await cluster.Worker.ExecAsync("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", $"https://{cluster.First.Address}:9443/");

        result.StdOut.Should().Be("404");
    }

    [Fact]
    public async Task The_join_API_answers_401_to_a_bad_token()
    {
        var result = await cluster.Worker.ExecAsync("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}",
            "-H", "Authorization: Bearer abcdef.0123456789abcdef", $"https://{cluster.First.Address}:9443/v1beta1/ca");

        result.StdOut.Should().Be("401");
    }

    [Theory]
    [InlineData(8132)]
    [InlineData(8133)]
    public async Task Konnectivity_ports_accept_TLS_connections(int port)
    {
        var result = await cluster.Worker.ExecAsync("curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", $"https://{cluster.First.Address}:{port}/");

        result.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task A_joined_controllers_unit_runs_its_flags_sorted_as_name_value()
    {
        var unit = await cluster.Controllers[1].ReadFileAsync("/etc/systemd/system/k0scontroller.service");

        unit.Should().Contain("\nExecStart=/usr/local/bin/k0s controller --config=/etc/k0s/k0s.yaml --token-file=/etc/k0s/k0stoken\n");
    }

    [Fact]
    public async Task Install_enables_the_unit()
    {
        var result = await cluster.Controllers[1].ExecAsync("systemctl", "is-enabled", "k0scontroller");

        result.StdOut.Trim().Should().Be("enabled");
    }
}
