using System.Text.Json.Nodes;

namespace HaCluster.EndToEnd.StandIn;

/// <summary>
/// cordon, uncordon and drain through the machine's real kubectl, worded as kubectl words them; the cordon is the
/// node's <c>spec.unschedulable</c>, kept in the cluster's etcd, so every controller serves it, and a kubelet
/// restarting does not clear it.
/// </summary>
[Collection(SharedStandInCluster.Name)]
public sealed class CordonTests(StandInCluster cluster)
{
    private string Node => cluster.Worker.Name;

    [Fact]
    public async Task A_cordon_from_one_controller_is_seen_from_the_others_and_survives_the_nodes_restart()
    {
        try
        {
            (await cluster.First.K0sAsync("kubectl", "cordon", Node)).StdOut.Should().Be($"node/{Node} cordoned\n");

            (await UnschedulableAsync(cluster.Controllers[1])).Should().BeTrue();
            (await cluster.Controllers[2].K0sAsync("kubectl", "get", "nodes")).StdOut.Should().MatchRegex($"\n{Node} +Ready,SchedulingDisabled ");
            (await cluster.Controllers[1].K0sAsync("kubectl", "cordon", Node)).StdOut.Should().Be($"node/{Node} already cordoned\n");

            await UpgradeTests.RestartAsync(cluster.Worker, "k0sworker", cluster.Controllers[1]);

            (await UnschedulableAsync(cluster.Controllers[2])).Should().BeTrue("the kubelet only posts its status");
        }
        finally
        {
            (await cluster.Controllers[1].K0sAsync("kubectl", "uncordon", Node)).ThrowIfFailed();
        }

        (await UnschedulableAsync(cluster.First)).Should().BeFalse();
        (await cluster.First.K0sAsync("kubectl", "get", "nodes")).StdOut.Should().MatchRegex($"\n{Node} +Ready +<none> ");
    }

    [Fact]
    public async Task Uncordon_says_so_and_an_uncordoned_node_is_already_uncordoned()
    {
        (await cluster.First.K0sAsync("kubectl", "cordon", Node)).ThrowIfFailed();

        (await cluster.Controllers[2].K0sAsync("kubectl", "uncordon", Node)).StdOut.Should().Be($"node/{Node} uncordoned\n");
        (await cluster.First.K0sAsync("kubectl", "uncordon", Node)).StdOut.Should().Be($"node/{Node} already uncordoned\n");
        (await UnschedulableAsync(cluster.Controllers[1])).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("--pod-selector=app!=critical --skip-wait-for-delete-timeout=30")]
    public async Task Drain_with_k0sctls_flags_cordons_and_reports_the_node_drained(string extraFlags)
    {
        var extra = extraFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            // k0sctl's options.drain defaults, as it runs them on the leader.
            var result = await cluster.First.K0sAsync(
                ["kubectl", "drain", "--force", "--grace-period=120", "--timeout=5m0s", "--delete-emptydir-data", "--ignore-daemonsets", .. extra, Node]);

            result.ExitCode.Should().Be(0, result.StdErr);
            result.StdOut.Should().Be($"node/{Node} cordoned\nnode/{Node} drained\n");
            (await UnschedulableAsync(cluster.Controllers[2])).Should().BeTrue();
        }
        finally
        {
            (await cluster.First.K0sAsync("kubectl", "uncordon", Node)).ThrowIfFailed();
        }
    }

    private async Task<bool> UnschedulableAsync(K0sHost controller) =>
        (await UpgradeTests.Node(controller, Node))["spec"]?["unschedulable"]?.GetValue<bool>() == true;
}
