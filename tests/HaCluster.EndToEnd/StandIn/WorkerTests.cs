using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

[Collection(SharedStandInCluster.Name)]
public sealed class WorkerTests(StandInCluster cluster)
{
    [Fact]
    public async Task A_joined_worker_is_Ready_for_k0s_kubectl()
    {
        var result = await cluster.First.K0sAsync("kubectl", "get", "nodes");

        var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Columns).ToList();
        lines[0].Should().Equal("NAME", "STATUS", "ROLES", "AGE", "VERSION");
        var row = lines.Should().ContainSingle(l => l[0] == cluster.Worker.Name).Subject;
        row[1].Should().Be("Ready");
        row[2].Should().Be("<none>");
        row[4].Should().Be("v1.33.4+k0s");
    }

    [Fact]
    public async Task The_real_kubectl_sees_the_worker_Ready_with_the_admin_kubeconfig()
    {
        var controller = cluster.Controllers[1];
        await controller.WriteFileAsync("/root/admin.conf", (await controller.K0sAsync("kubeconfig", "admin")).ThrowIfFailed().StdOut);

        var result = await controller.ExecAsync("/usr/bin/kubectl", "--kubeconfig=/root/admin.conf", "get", "nodes", "-o", "json");

        result.ExitCode.Should().Be(0, result.StdErr);
        var node = JsonNode.Parse(result.StdOut)!["items"]!.AsArray().Single(n => n!["metadata"]!["name"]!.GetValue<string>() == cluster.Worker.Name)!;
        Ready(node).Should().Be("True");
    }

    [Fact]
    public async Task Get_node_as_json_has_a_Ready_condition()
    {
        var result = await cluster.First.K0sAsync("kubectl", "get", "node", cluster.Worker.Name, "-o", "json");

        result.ExitCode.Should().Be(0);
        var node = JsonNode.Parse(result.StdOut)!;
        node["kind"]!.GetValue<string>().Should().Be("Node");
        Ready(node).Should().Be("True");
    }

    [Fact]
    public async Task The_node_carries_the_workers_address_and_hostname_labels()
    {
        var node = JsonNode.Parse((await cluster.First.K0sAsync("kubectl", "get", "node", cluster.Worker.Name, "-o", "json")).StdOut)!;

        node["metadata"]!["labels"]!["kubernetes.io/hostname"]!.GetValue<string>().Should().Be(cluster.Worker.Name);
        node["status"]!["addresses"]!.AsArray().Select(a => a!["address"]!.GetValue<string>()).Should().Contain(cluster.Worker.Address);
    }

    [Fact]
    public async Task The_worker_reaches_the_API_with_its_kubelet_kubeconfig()
    {
        var result = await cluster.Worker.K0sAsync("kubectl", "get", "nodes", "-o", "json");

        result.ExitCode.Should().Be(0, result.StdErr);
        (await cluster.Worker.ExistsAsync("/var/lib/k0s/kubelet.conf")).Should().BeTrue();
    }

    [Fact]
    public async Task Every_controller_serves_the_same_nodes()
    {
        foreach (var controller in cluster.Controllers)
        {
            (await ClusterSteps.NodeReadyStatusAsync(controller, cluster.Worker.Name)).Should().Be("True", controller.Name);
        }
    }

    [Fact]
    public async Task Cordon_marks_the_node_unschedulable()
    {
        try
        {
            var result = await cluster.First.K0sAsync("kubectl", "cordon", cluster.Worker.Name);

            result.StdOut.Should().Be($"node/{cluster.Worker.Name} cordoned\n");
            (await Unschedulable(cluster.Controllers[2])).Should().BeTrue();
        }
        finally
        {
            (await cluster.First.K0sAsync("kubectl", "uncordon", cluster.Worker.Name)).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task Uncordon_makes_the_node_schedulable_again()
    {
        (await cluster.First.K0sAsync("kubectl", "cordon", cluster.Worker.Name)).ThrowIfFailed();

        var result = await cluster.First.K0sAsync("kubectl", "uncordon", cluster.Worker.Name);

        result.StdOut.Should().Be($"node/{cluster.Worker.Name} uncordoned\n");
        (await Unschedulable(cluster.First)).Should().BeFalse();
    }

    [Fact]
    public async Task Drain_cordons_the_node_and_reports_it_drained()
    {
        try
        {
            var result = await cluster.First.K0sAsync("kubectl", "drain", cluster.Worker.Name,
                "--ignore-daemonsets", "--delete-emptydir-data", "--force", "--timeout=60s");

            result.ExitCode.Should().Be(0, result.StdErr);
            result.StdOut.Should().Be($"node/{cluster.Worker.Name} cordoned\nnode/{cluster.Worker.Name} drained\n");
        }
        finally
        {
            (await cluster.First.K0sAsync("kubectl", "uncordon", cluster.Worker.Name)).ThrowIfFailed();
        }
    }

    [Fact]
    public async Task A_missing_node_is_a_Kubernetes_NotFound()
    {
        var result = await cluster.First.K0sAsync("kubectl", "get", "node", "no-such-node");

        result.ExitCode.Should().Be(1);
        result.StdErr.Should().Be("Error from server (NotFound): nodes \"no-such-node\" not found\n");
    }

    [Fact]
    public async Task Stopping_the_worker_service_makes_its_node_NotReady()
    {
        try
        {
            await cluster.Worker.SystemctlAsync("stop", "k0sworker");

            await ClusterSteps.WaitNodeReadyAsync(cluster.First, cluster.Worker.Name, status: "False");
        }
        finally
        {
            await cluster.Worker.SystemctlAsync("start", "k0sworker");
            await ClusterSteps.WaitNodeReadyAsync(cluster.First, cluster.Worker.Name);
        }
    }

    [Fact]
    public async Task A_worker_that_dies_turns_Unknown_once_its_heartbeat_is_stale()
    {
        try
        {
            // SIGKILL: no goodbye NotReady; stopping the unit keeps systemd from restarting it.
            await cluster.Worker.SystemctlAsync("kill", "--signal=SIGKILL", "k0sworker");
            await cluster.Worker.SystemctlAsync("stop", "k0sworker");

            await ClusterSteps.WaitNodeReadyAsync(cluster.First, cluster.Worker.Name, status: "Unknown");
            (await cluster.First.K0sAsync("kubectl", "get", "nodes")).StdOut.Should().MatchRegex($"\n{cluster.Worker.Name} +NotReady ");
        }
        finally
        {
            await cluster.Worker.SystemctlAsync("start", "k0sworker");
            await ClusterSteps.WaitNodeReadyAsync(cluster.First, cluster.Worker.Name);
        }
    }

    [Fact]
    public async Task Deleting_a_node_removes_it_from_every_controller()
    {
        try
        {
            var result = await cluster.First.K0sAsync("kubectl", "delete", "node", cluster.Worker.Name);

            result.StdOut.Should().Be($"node \"{cluster.Worker.Name}\" deleted\n");
            (await cluster.Controllers[1].K0sAsync("kubectl", "get", "node", cluster.Worker.Name)).ExitCode.Should().Be(1);
        }
        finally
        {
            // A kubelet registers its node when it starts.
            await cluster.Worker.SystemctlAsync("restart", "k0sworker");
            await ClusterSteps.WaitNodeReadyAsync(cluster.First, cluster.Worker.Name);
        }
    }

    private static string[] Columns(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Ready(JsonNode node) =>
        node["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "Ready")!["status"]!.GetValue<string>();

    private async Task<bool> Unschedulable(K0sHost controller)
    {
        var node = JsonNode.Parse((await controller.K0sAsync("kubectl", "get", "node", cluster.Worker.Name, "-o", "json")).StdOut)!;
        return node["spec"]?["unschedulable"]?.GetValue<bool>() == true;
    }
}
