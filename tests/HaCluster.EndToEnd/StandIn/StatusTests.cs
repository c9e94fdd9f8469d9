using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

[Collection(SharedStandInCluster.Name)]
public sealed class StatusTests(StandInCluster cluster)
{
    private static readonly string[] ContractKeys =
    [
        "Version", "Pid", "PPid", "Role", "SysInit", "StubFile", "Output", "Workloads", "SingleNode", "Args",
        "WorkerToAPIConnectionStatus", "ClusterConfig", "K0sVars",
    ];

    [Fact]
    public async Task Controller_status_json_has_the_contract_fields()
    {
        var result = await cluster.First.K0sAsync("status", "-o", "json");

        result.ExitCode.Should().Be(0);
        var status = JsonNode.Parse(result.StdOut)!.AsObject();
        status.Select(p => p.Key).Should().Equal(ContractKeys);
        status["Version"]!.GetValue<string>().Should().Be("v1.33.4+k0s.0");
        status["Pid"]!.GetValue<int>().Should().BePositive();
        status["Role"]!.GetValue<string>().Should().Be("controller");
        status["Workloads"]!.GetValue<bool>().Should().BeFalse();
        status["SingleNode"]!.GetValue<bool>().Should().BeFalse();
        status["SysInit"]!.GetValue<string>().Should().Be("linux-systemd");
        status["StubFile"]!.GetValue<string>().Should().Be("/etc/systemd/system/k0scontroller.service");
        status["Args"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("/usr/local/bin/k0s", "controller", "--config=/etc/k0s/k0s.yaml");
        status["ClusterConfig"]!["spec"]!["api"]!["address"]!.GetValue<string>().Should().Be(cluster.First.Address);
        status["K0sVars"]!["DataDir"]!.GetValue<string>().Should().Be("/var/lib/k0s");
        status["K0sVars"]!["CertRootDir"]!.GetValue<string>().Should().Be("/var/lib/k0s/pki");
    }

    [Fact]
    public async Task Worker_status_json_reports_a_worker_with_workloads_and_no_cluster_config()
    {
        var status = JsonNode.Parse((await cluster.Worker.K0sAsync("status", "-o", "json")).StdOut)!;

        status["Role"]!.GetValue<string>().Should().Be("worker");
        status["Workloads"]!.GetValue<bool>().Should().BeTrue();
        status["ClusterConfig"].Should().BeNull();
        status["WorkerToAPIConnectionStatus"]!["Success"]!.GetValue<bool>().Should().BeTrue();
        status["StubFile"]!.GetValue<string>().Should().Be("/etc/systemd/system/k0sworker.service");
    }

    [Fact]
    public async Task Plain_status_lists_version_pid_and_role()
    {
        var result = await cluster.First.K0sAsync("status");

        var lines = result.StdOut.Split('\n');
        lines[0].Should().Be("Version: v1.33.4+k0s.0");
        lines[1].Should().MatchRegex("^Process ID: [1-9][0-9]*$");
        lines[2].Should().Be("Role: controller");
        lines[3].Should().Be("Workloads: false");
        lines[4].Should().Be("SingleNode: false");
    }

    [Fact]
    public async Task The_status_pid_is_the_running_units_main_process()
    {
        var status = JsonNode.Parse((await cluster.Controllers[1].K0sAsync("status", "-o", "json")).StdOut)!;
        var mainPid = (await cluster.Controllers[1].ExecAsync("systemctl", "show", "-p", "MainPID", "--value", "k0scontroller")).StdOut.Trim();

        status["Pid"]!.GetValue<int>().ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(mainPid);
    }
}
